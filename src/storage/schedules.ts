/**
 * Scheduled payments (reference §3.5). Claims use leases and FOR UPDATE SKIP LOCKED so that several
 * openimp processes on one PostgreSQL never run the same schedule at the same time.
 */
import type { Currency } from '../core/money.ts';
import type { Provider } from '../core/payment.ts';
import type { Schedule, ScheduleStatus } from '../core/schedule.ts';
import type { Queryable, Row } from './db.ts';

const cols = {
  merchantId: 'merchant_id', merchantUid: 'merchant_uid', customerUid: 'customer_uid', customerId: 'customer_id',
  pgProvider: 'pg_provider', pgId: 'pg_id', scheduleAt: 'schedule_at', currency: 'currency', amount: 'amount', taxFree: 'tax_free',
  name: 'name', buyerName: 'buyer_name', buyerEmail: 'buyer_email', buyerTel: 'buyer_tel', buyerAddr: 'buyer_addr',
  buyerPostcode: 'buyer_postcode', customData: 'custom_data', cardQuota: 'card_quota', browserIp: 'browser_ip',
  promotionId: 'promotion_id', status: 'status', impUid: 'imp_uid', failReason: 'fail_reason', executedAt: 'executed_at',
  revokedAt: 'revoked_at', attempts: 'attempts', nextRetryAt: 'next_retry_at', createdAt: 'created_at', updatedAt: 'updated_at',
} as const satisfies Partial<Record<keyof Schedule, string>>;
const fields = Object.keys(cols) as (keyof typeof cols)[];

export type NewSchedule = Omit<Schedule, 'id' | 'paymentStatus'>;

function toSchedule(r: Row): Schedule {
  const s: Record<string, unknown> = { id: r.id };
  for (const f of fields) s[f] = r[cols[f]] ?? null;
  s.noticeUrls = r.notice_urls ? (JSON.parse(r.notice_urls as string) as string[]) : null;
  s.currency = r.currency as Currency;
  s.pgProvider = r.pg_provider as Provider;
  // The payment's live status, so a later cancel shows as `cancelled`; an attempt in flight is not a result yet.
  const ps = (r.p_status as string | null | undefined) ?? null;
  // A run that failed before any payment existed (e.g. the billing key was deleted) is a failed payment too.
  s.paymentStatus = ps === 'ready' ? null : ps ?? (r.status === 'executed' && r.fail_reason !== null ? 'failed' : null);
  return s as Schedule;
}

const withPayment = 'select s.*, p.status as p_status from schedules s left join payments p on p.imp_uid = s.imp_uid';

/** Inserts all or none; a taken merchant_uid raises a unique violation on schedules_one_per_order. */
export async function insertSchedules(q: Queryable, list: NewSchedule[]): Promise<Schedule[]> {
  const names = [...fields.map((f) => cols[f]), 'notice_urls'];
  const out: Schedule[] = [];
  for (const s of list) {
    const [r] = await q.query(
      `insert into schedules (${names.join(',')}) values (${names.map((_, i) => `$${i + 1}`).join(',')}) returning *`,
      [...fields.map((f) => s[f]), s.noticeUrls ? JSON.stringify(s.noticeUrls) : null],
    );
    out.push(toSchedule(r!));
  }
  return out;
}

export async function getSchedule(q: Queryable, merchantId: number, merchantUid: string, opts: { forUpdate?: boolean } = {}): Promise<Schedule | null> {
  const sql = opts.forUpdate
    ? `${withPayment} where s.merchant_id = $1 and s.merchant_uid = $2 for update of s`
    : `${withPayment} where s.merchant_id = $1 and s.merchant_uid = $2`;
  const [r] = await q.query(sql, [merchantId, merchantUid]);
  return r ? toSchedule(r) : null;
}

export type ScheduleFilter = { customerUid?: string; from: number; to: number; status: ScheduleStatus | null; oldestFirst: boolean };

/** A page of a merchant's schedules with `from <= schedule_at < to`. */
export async function listSchedules(q: Queryable, merchantId: number, f: ScheduleFilter, page: number, limit: number): Promise<{ total: number; list: Schedule[] }> {
  const params: unknown[] = [merchantId, f.from, f.to];
  let where = 's.merchant_id = $1 and s.schedule_at >= $2 and s.schedule_at < $3';
  if (f.customerUid !== undefined) where += ` and s.customer_uid = $${params.push(f.customerUid)}`;
  if (f.status) where += ` and s.status = $${params.push(f.status)}`;
  const [c] = await q.query<{ n: number }>(`select count(*)::int as n from schedules s where ${where}`, params);
  const dir = f.oldestFirst ? 'asc' : 'desc';
  const rows = await q.query(`${withPayment} where ${where} order by s.schedule_at ${dir}, s.id ${dir} limit ${limit} offset ${(page - 1) * limit}`, params);
  return { total: c?.n ?? 0, list: rows.map(toSchedule) };
}

/**
 * Revokes pending schedules (and failed ones waiting for an automatic retry) of a customer and/or
 * merchant_uids. Rows under a live lease are being charged right now and are left alone.
 */
export async function revokeSchedules(q: Queryable, merchantId: number, customerUid: string | null, merchantUids: string[] | null, now: number): Promise<Schedule[]> {
  const params: unknown[] = [merchantId, now];
  let where = `merchant_id = $1 and (status = 'scheduled' or next_retry_at is not null) and (lease_until is null or lease_until < $2)`;
  if (customerUid !== null) where += ` and customer_uid = $${params.push(customerUid)}`;
  if (merchantUids !== null) where += ` and merchant_uid = any($${params.push(merchantUids)})`;
  const rows = await q.query(`update schedules set status = 'revoked', revoked_at = $2, next_retry_at = null, updated_at = $2 where ${where} returning merchant_uid`, params);
  if (rows.length === 0) return [];
  const full = await q.query(`${withPayment} where s.merchant_id = $1 and s.merchant_uid = any($2) order by s.schedule_at, s.id`, [merchantId, rows.map((r) => r.merchant_uid)]);
  return full.map(toSchedule);
}

/**
 * Sets a new time; `reopen` turns a failed or revoked schedule back into a pending one. False when the
 * row is under a live lease: it is being charged right now and must not move under the scheduler.
 */
export async function moveSchedule(q: Queryable, id: number, scheduleAt: number, now: number, reopen: boolean): Promise<boolean> {
  const rows = await q.query(
    `update schedules set schedule_at = $2, updated_at = $3${reopen ? `, status = 'scheduled', revoked_at = 0, next_retry_at = null` : ''}
     where id = $1 and (lease_until is null or lease_until < $3) returning id`,
    [id, scheduleAt, now],
  );
  return rows.length === 1;
}

export type Claim = { asOf: number; now: number; limit: number; owner: string; leaseUntil: number; merchantId?: number };

function claimSql(kind: 'due' | 'retry', merchant: boolean): string {
  const cond = kind === 'due' ? `status = 'scheduled' and schedule_at <= $1` : `next_retry_at is not null and next_retry_at <= $1`;
  const order = kind === 'due' ? 'schedule_at, id' : 'next_retry_at, id';
  return `with picked as (
    select id from schedules where ${cond} and (lease_until is null or lease_until < $2)${merchant ? ' and merchant_id = $6' : ''}
    order by ${order} limit $3 for update skip locked)
  update schedules s set lease_owner = $4, lease_until = $5 from picked where s.id = picked.id returning s.*`;
}

/**
 * Leases up to `limit` schedules due at `asOf` (first runs, then automatic retries). Each statement is
 * atomic on its own, so no explicit transaction is needed (a claim is a lease, not a lock held open).
 */
export async function claimDueSchedules(q: Queryable, c: Claim): Promise<Schedule[]> {
  const params: unknown[] = [c.asOf, c.now, c.limit, c.owner, c.leaseUntil];
  if (c.merchantId !== undefined) params.push(c.merchantId);
  const due = await q.query(claimSql('due', c.merchantId !== undefined), params);
  const left = c.limit - due.length;
  const retry = left > 0 ? await q.query(claimSql('retry', c.merchantId !== undefined), [c.asOf, c.now, left, c.owner, c.leaseUntil, ...params.slice(5)]) : [];
  return [...due, ...retry].map(toSchedule);
}

export type Outcome = { impUid: string | null; failReason: string | null; executedAt: number; nextRetryAt: number | null; countAttempt: boolean };

/**
 * Records runs and drops their leases in one statement (its own transaction); the ids it wrote. Only
 * the lease holder may write: a row whose lease `owner` lost is left alone (a stale runner changes nothing).
 */
export async function recordRuns(q: Queryable, owner: string, runs: { id: number; outcome: Outcome }[]): Promise<Set<number>> {
  if (runs.length === 0) return new Set();
  const o = runs.map((r) => r.outcome);
  const rows = await q.query(
    `update schedules s set status = 'executed', imp_uid = coalesce(x.imp_uid, s.imp_uid), fail_reason = x.fail_reason, executed_at = x.executed_at,
       next_retry_at = x.next_retry_at, attempts = s.attempts + x.counted, lease_owner = null, lease_until = null, updated_at = x.executed_at
     from unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::int[]) as x(id, imp_uid, fail_reason, executed_at, next_retry_at, counted)
     where s.id = x.id and s.lease_owner = $1 returning s.id`,
    [owner, runs.map((r) => r.id), o.map((x) => x.impUid), o.map((x) => x.failReason), o.map((x) => x.executedAt), o.map((x) => x.nextRetryAt), o.map((x) => (x.countAttempt ? 1 : 0))],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** Gives a claimed schedule back, to be claimed again after `until` (its payment is still unknown). */
export async function releaseSchedule(q: Queryable, id: number, owner: string, until: number): Promise<void> {
  await q.query('update schedules set lease_owner = null, lease_until = $3 where id = $1 and lease_owner = $2', [id, owner, until]);
}

/** Leases one failed or revoked schedule for a manual retry; null when it is not in such a state or busy. */
export async function claimForRetry(q: Queryable, merchantId: number, merchantUid: string, c: Pick<Claim, 'now' | 'owner' | 'leaseUntil'>): Promise<Schedule | null> {
  const s = await getSchedule(q, merchantId, merchantUid, { forUpdate: true });
  if (!s) return null;
  const [r] = await q.query('select lease_until from schedules where id = $1', [s.id]);
  if (r?.lease_until !== null && (r?.lease_until as number) >= c.now) return null;
  await q.query('update schedules set lease_owner = $2, lease_until = $3, next_retry_at = null where id = $1', [s.id, c.owner, c.leaseUntil]);
  return s;
}

export async function getClockOffset(q: Queryable, merchantId: number): Promise<number> {
  const [r] = await q.query<{ o: number }>('select offset_sec as o from sandbox_clocks where merchant_id = $1', [merchantId]);
  return r?.o ?? 0;
}

export async function addClockOffset(q: Queryable, merchantId: number, seconds: number, now: number): Promise<number> {
  const [r] = await q.query<{ o: number }>(
    `insert into sandbox_clocks (merchant_id, offset_sec, updated_at) values ($1, $2, $3)
     on conflict (merchant_id) do update set offset_sec = sandbox_clocks.offset_sec + excluded.offset_sec, updated_at = excluded.updated_at
     returning offset_sec as o`,
    [merchantId, seconds, now],
  );
  return r!.o;
}

export async function resetClock(q: Queryable, merchantId: number): Promise<void> {
  await q.query('delete from sandbox_clocks where merchant_id = $1', [merchantId]);
}

/** Merchants whose test clock runs ahead, so the scheduler also looks at their later schedules. */
export async function listClocks(q: Queryable): Promise<{ merchantId: number; offset: number }[]> {
  const rows = await q.query('select merchant_id, offset_sec from sandbox_clocks where offset_sec > 0');
  return rows.map((r) => ({ merchantId: r.merchant_id as number, offset: r.offset_sec as number }));
}
