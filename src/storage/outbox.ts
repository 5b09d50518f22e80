/**
 * The webhook outbox: deliveries written in the transaction of the state they announce, claimed with
 * leases and FOR UPDATE SKIP LOCKED, and the log of every HTTP attempt.
 */
import type { Queryable, Row } from './db.ts';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export type Delivery = {
  id: number;
  merchantId: number;
  impUid: string;
  eventKind: string;
  url: string;
  body: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  retryUntil: number;
  createdAt: number;
  deliveredAt: number | null;
};

export type Attempt = { attemptedAt: number; durationMs: number; httpStatus: number | null; error: string | null; responseExcerpt: string | null };

const toDelivery = (r: Row): Delivery => ({
  id: r.id as number, merchantId: r.merchant_id as number, impUid: r.imp_uid as string, eventKind: r.event_kind as string,
  url: r.url as string, body: r.body as string, state: r.state as DeliveryState, attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number, retryUntil: r.retry_until as number, createdAt: r.created_at as number,
  deliveredAt: (r.delivered_at as number | null) ?? null,
});

/** A delivery to write. `url` null: the merchant's webhook URL as it is in the statement that writes the row (no row when it has none). */
export type NewDelivery = Pick<Delivery, 'merchantId' | 'impUid' | 'eventKind' | 'body' | 'createdAt' | 'retryUntil'> & { url: string | null };

/**
 * The rows of `list` as one SELECT (parameters from `$first`), for an INSERT into webhook_deliveries.
 * A row without a URL takes the merchant's webhook URL when it is an http(s) one (core isWebhookUrl;
 * setWebhookUrl only stores such URLs) and is left out otherwise.
 */
export function deliveryRows(list: NewDelivery[], first: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  return {
    sql: `insert into webhook_deliveries (merchant_id, imp_uid, event_kind, url, body, state, next_attempt_at, retry_until, created_at)
      select x.merchant_id, x.imp_uid, x.event_kind, coalesce(x.url, m.webhook_url), x.body, 'pending', x.created_at, x.retry_until, x.created_at
      from unnest(${p(0)}::bigint[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::bigint[], ${p(6)}::bigint[])
        as x(merchant_id, imp_uid, event_kind, url, body, created_at, retry_until)
      join merchants m on m.id = x.merchant_id
      where (x.url is not null or m.webhook_url ~* '^https?://\\S+$')`,
    params: [list.map((d) => d.merchantId), list.map((d) => d.impUid), list.map((d) => d.eventKind), list.map((d) => d.url), list.map((d) => d.body), list.map((d) => d.createdAt), list.map((d) => d.retryUntil)],
  };
}

/** Writes the deliveries in one statement; how many rows it wrote (fewer when the merchant has no webhook URL). */
export async function insertDeliveries(q: Queryable, list: NewDelivery[]): Promise<number> {
  if (list.length === 0) return 0;
  const { sql, params } = deliveryRows(list, 1);
  return (await q.query(`${sql} returning id`, params)).length;
}

/**
 * Leases due deliveries. Per payment and URL only the oldest pending one is eligible, so event N+1
 * never overtakes event N (which stays pending until delivered or given up).
 */
export async function claimDeliveries(q: Queryable, now: number, limit: number, owner: string, leaseUntil: number): Promise<Delivery[]> {
  const rows = await q.query(
    `with picked as (
       select d.id from webhook_deliveries d
       where d.state = 'pending' and d.next_attempt_at <= $1 and (d.lease_until is null or d.lease_until < $1)
         and not exists (select 1 from webhook_deliveries e where e.state = 'pending' and e.imp_uid = d.imp_uid and e.url = d.url and e.id < d.id)
       order by d.next_attempt_at, d.id limit $2 for update skip locked)
     update webhook_deliveries d set lease_owner = $3, lease_until = $4 from picked where d.id = picked.id returning d.*`,
    [now, limit, owner, leaseUntil],
  );
  return rows.map(toDelivery);
}

export type AttemptOutcome = { state: DeliveryState; nextAttemptAt: number; deliveredAt: number | null };

/**
 * Logs attempts and moves their deliveries on, in one statement (its own transaction); the ids it
 * wrote. Only the lease holder may: a delivery whose lease `owner` lost is neither updated nor logged.
 */
export async function recordAttempts(q: Queryable, owner: string, list: { id: number; attempt: Attempt; outcome: AttemptOutcome }[]): Promise<Set<number>> {
  if (list.length === 0) return new Set();
  const a = list.map((x) => x.attempt);
  const o = list.map((x) => x.outcome);
  const rows = await q.query(
    `with x as (
       select * from unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::int[], $8::int[], $9::text[], $10::text[])
         as x(id, state, next_attempt_at, delivered_at, attempted_at, duration_ms, http_status, error, response_excerpt)),
     u as (
       update webhook_deliveries d set state = x.state, attempts = d.attempts + 1, next_attempt_at = x.next_attempt_at, delivered_at = x.delivered_at,
         lease_owner = null, lease_until = null
       from x where d.id = x.id and d.lease_owner = $1 returning d.id)
     insert into webhook_attempts (delivery_id, attempted_at, duration_ms, http_status, error, response_excerpt)
     select x.id, x.attempted_at, x.duration_ms, x.http_status, x.error, x.response_excerpt from x join u on u.id = x.id returning delivery_id`,
    [owner, list.map((x) => x.id), o.map((x) => x.state), o.map((x) => x.nextAttemptAt), o.map((x) => x.deliveredAt),
      a.map((x) => x.attemptedAt), a.map((x) => x.durationMs), a.map((x) => x.httpStatus), a.map((x) => x.error), a.map((x) => x.responseExcerpt)],
  );
  return new Set(rows.map((r) => Number(r.delivery_id)));
}

export async function listDeliveries(q: Queryable, merchantId: number, f: { impUid: string | null; state: DeliveryState | null; limit: number }): Promise<Delivery[]> {
  const params: unknown[] = [merchantId];
  let where = 'merchant_id = $1';
  if (f.impUid) where += ` and imp_uid = $${params.push(f.impUid)}`;
  if (f.state) where += ` and state = $${params.push(f.state)}`;
  return (await q.query(`select * from webhook_deliveries where ${where} order by id desc limit ${f.limit}`, params)).map(toDelivery);
}

export async function getDelivery(q: Queryable, merchantId: number, id: number): Promise<Delivery | null> {
  const [r] = await q.query('select * from webhook_deliveries where merchant_id = $1 and id = $2', [merchantId, id]);
  return r ? toDelivery(r) : null;
}

export async function listAttempts(q: Queryable, deliveryId: number): Promise<Attempt[]> {
  const rows = await q.query('select * from webhook_attempts where delivery_id = $1 order by id', [deliveryId]);
  return rows.map((r) => ({
    attemptedAt: r.attempted_at as number, durationMs: r.duration_ms as number, httpStatus: (r.http_status as number | null) ?? null,
    error: (r.error as string | null) ?? null, responseExcerpt: (r.response_excerpt as string | null) ?? null,
  }));
}

/** Manual redelivery: the delivery goes back to pending now, with a fresh retry window. */
export async function requeueDelivery(q: Queryable, merchantId: number, id: number, now: number, retryUntil: number): Promise<Delivery | null> {
  const [r] = await q.query(
    `update webhook_deliveries set state = 'pending', next_attempt_at = $3, retry_until = $4, lease_owner = null, lease_until = null
     where merchant_id = $1 and id = $2 returning *`,
    [merchantId, id, now, retryUntil],
  );
  return r ? toDelivery(r) : null;
}

export async function getWebhookSecret(q: Queryable, merchantId: number): Promise<string | null> {
  const [r] = await q.query<{ s: string }>('select secret_enc as s from webhook_secrets where merchant_id = $1', [merchantId]);
  return r?.s ?? null;
}

/** Stores the merchant's sealed secret unless one exists (concurrent first uses agree on one). */
export async function insertWebhookSecret(q: Queryable, merchantId: number, sealed: string, now: number): Promise<string> {
  await q.query('insert into webhook_secrets (merchant_id, secret_enc, created_at) values ($1,$2,$3) on conflict (merchant_id) do nothing', [merchantId, sealed, now]);
  return (await getWebhookSecret(q, merchantId))!;
}

export async function replaceWebhookSecret(q: Queryable, merchantId: number, sealed: string, now: number): Promise<void> {
  await q.query(
    'insert into webhook_secrets (merchant_id, secret_enc, created_at) values ($1,$2,$3) on conflict (merchant_id) do update set secret_enc = excluded.secret_enc, created_at = excluded.created_at',
    [merchantId, sealed, now],
  );
}
