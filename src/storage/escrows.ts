/** Escrow delivery registrations (reference §3.7) and Paymentwall delivery notices (reference §6.4). */
import type { Queryable, Row } from './db.ts';

export type EscrowLogis = {
  impUid: string; merchantId: number; company: string; invoice: string; sentAt: number; receivingAt: string | null;
  address: string | null; sender: string | null; receiver: string | null; products: string | null; appliedAt: number; updatedAt: number;
};

const toLogis = (r: Row): EscrowLogis => ({
  impUid: r.imp_uid as string, merchantId: r.merchant_id as number, company: r.company as string, invoice: r.invoice as string,
  sentAt: r.sent_at as number, receivingAt: (r.receiving_at as string | null) ?? null, address: (r.address as string | null) ?? null,
  sender: (r.sender as string | null) ?? null, receiver: (r.receiver as string | null) ?? null, products: (r.products as string | null) ?? null,
  appliedAt: r.applied_at as number, updatedAt: r.updated_at as number,
});

export async function getEscrowLogis(q: Queryable, merchantId: number, impUid: string): Promise<EscrowLogis | null> {
  const [r] = await q.query('select * from escrow_logis where merchant_id = $1 and imp_uid = $2', [merchantId, impUid]);
  return r ? toLogis(r) : null;
}

/** Inserts; false when one is registered already (primary key). */
export async function insertEscrowLogis(q: Queryable, l: EscrowLogis): Promise<boolean> {
  const rows = await q.query(
    `insert into escrow_logis (imp_uid, merchant_id, company, invoice, sent_at, receiving_at, address, sender, receiver, products, applied_at, updated_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) on conflict (imp_uid) do nothing returning imp_uid`,
    [l.impUid, l.merchantId, l.company, l.invoice, l.sentAt, l.receivingAt, l.address, l.sender, l.receiver, l.products, l.appliedAt, l.updatedAt],
  );
  return rows.length === 1;
}

/** Takes back a registration the PG refused. */
export async function deleteEscrowLogis(q: Queryable, merchantId: number, impUid: string): Promise<void> {
  await q.query('delete from escrow_logis where merchant_id = $1 and imp_uid = $2', [merchantId, impUid]);
}

/** Updates; null when none is registered. */
export async function updateEscrowLogis(q: Queryable, l: Omit<EscrowLogis, 'appliedAt'>): Promise<EscrowLogis | null> {
  const [r] = await q.query(
    `update escrow_logis set company = $3, invoice = $4, sent_at = $5, receiving_at = $6, address = $7,
       sender = coalesce($8, sender), receiver = coalesce($9, receiver), products = coalesce($10, products), updated_at = $11
     where merchant_id = $1 and imp_uid = $2 returning *`,
    [l.merchantId, l.impUid, l.company, l.invoice, l.sentAt, l.receivingAt, l.address, l.sender, l.receiver, l.products, l.updatedAt],
  );
  return r ? toLogis(r) : null;
}

export async function insertPaymentwallDelivery(q: Queryable, d: { merchantId: number; impUid: string; type: string; status: string; body: string; createdAt: number }): Promise<void> {
  await q.query('insert into paymentwall_deliveries (merchant_id, imp_uid, type, status, body, created_at) values ($1,$2,$3,$4,$5,$6)', [d.merchantId, d.impUid, d.type, d.status, d.body, d.createdAt]);
}

export async function countPaymentwallDeliveries(q: Queryable, impUid: string): Promise<number> {
  const [r] = await q.query<{ n: number }>('select count(*)::int as n from paymentwall_deliveries where imp_uid = $1', [impUid]);
  return r?.n ?? 0;
}
