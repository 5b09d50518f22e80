/** Amount pre-registrations (`/payments/prepare`, reference §3.3). */
import type { Queryable, Row } from './db.ts';

export type Prepare = { merchantId: number; merchantUid: string; amount: number; currency: string | null; scale: number; createdAt: number; updatedAt: number };

const toPrepare = (r: Row): Prepare => ({
  merchantId: r.merchant_id as number, merchantUid: r.merchant_uid as string, amount: r.amount as number,
  currency: (r.currency as string | null) ?? null, scale: r.scale as number, createdAt: r.created_at as number, updatedAt: r.updated_at as number,
});

/** Inserts; returns null when the merchant_uid is already registered. */
export async function insertPrepare(q: Queryable, p: Prepare): Promise<Prepare | null> {
  const rows = await q.query(
    `insert into payment_prepares (merchant_id, merchant_uid, amount, currency, scale, created_at, updated_at)
     values ($1,$2,$3,$4,$5,$6,$7) on conflict do nothing returning *`,
    [p.merchantId, p.merchantUid, p.amount, p.currency, p.scale, p.createdAt, p.updatedAt],
  );
  return rows[0] ? toPrepare(rows[0]) : null;
}

export async function updatePrepare(q: Queryable, p: Omit<Prepare, 'createdAt'>): Promise<Prepare | null> {
  const [r] = await q.query(
    'update payment_prepares set amount = $3, currency = $4, scale = $5, updated_at = $6 where merchant_id = $1 and merchant_uid = $2 returning *',
    [p.merchantId, p.merchantUid, p.amount, p.currency, p.scale, p.updatedAt],
  );
  return r ? toPrepare(r) : null;
}

export async function getPrepare(q: Queryable, merchantId: number, merchantUid: string): Promise<Prepare | null> {
  const [r] = await q.query('select * from payment_prepares where merchant_id = $1 and merchant_uid = $2', [merchantId, merchantUid]);
  return r ? toPrepare(r) : null;
}
