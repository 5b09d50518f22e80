/** Idempotency-Key records (one per merchant and key): the lock while in flight, then the response. */
import { isUniqueViolation, type Queryable } from './db.ts';

export type IdempotencyRecord = { requestHash: string; state: 'in_flight' | 'done'; statusCode: number | null; body: string | null; lockedUntil: number; expiresAt: number };

export type Begin = { kind: 'started' } | { kind: 'existing'; record: IdempotencyRecord };

/**
 * Takes the key for this request, or returns the record that holds it. An expired record, or an
 * in-flight one whose process died (lock passed), is replaced.
 */
export async function beginKey(q: Queryable, merchantId: number, key: string, hash: string, now: number, lockedUntil: number, expiresAt: number): Promise<Begin> {
  for (let i = 0; i < 3; i++) {
    await q.query(
      `delete from idempotency_keys where merchant_id = $1 and key = $2 and (expires_at <= $3 or (state = 'in_flight' and locked_until <= $3))`,
      [merchantId, key, now],
    );
    try {
      await q.query(
        `insert into idempotency_keys (merchant_id, key, request_hash, state, locked_until, created_at, expires_at) values ($1,$2,$3,'in_flight',$4,$5,$6)`,
        [merchantId, key, hash, lockedUntil, now, expiresAt],
      );
      return { kind: 'started' };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const [r] = await q.query('select * from idempotency_keys where merchant_id = $1 and key = $2', [merchantId, key]);
    if (r) {
      return {
        kind: 'existing',
        record: {
          requestHash: r.request_hash as string, state: r.state as 'in_flight' | 'done', statusCode: (r.status_code as number | null) ?? null,
          body: (r.body as string | null) ?? null, lockedUntil: r.locked_until as number, expiresAt: r.expires_at as number,
        },
      };
    }
  }
  throw new Error('idempotency key contention');
}

export async function finishKey(q: Queryable, merchantId: number, key: string, statusCode: number, body: string): Promise<void> {
  await q.query(`update idempotency_keys set state = 'done', status_code = $3, body = $4 where merchant_id = $1 and key = $2`, [merchantId, key, statusCode, body]);
}

/** Forgets a key whose request should be retryable (it ended in a server-side error). */
export async function releaseKey(q: Queryable, merchantId: number, key: string): Promise<void> {
  await q.query(`delete from idempotency_keys where merchant_id = $1 and key = $2 and state = 'in_flight'`, [merchantId, key]);
}

export async function purgeExpiredKeys(q: Queryable, now: number, limit: number): Promise<number> {
  const rows = await q.query(
    'delete from idempotency_keys where ctid in (select ctid from idempotency_keys where expires_at <= $1 limit $2) returning key',
    [now, limit],
  );
  return rows.length;
}
