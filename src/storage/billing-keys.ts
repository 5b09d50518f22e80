/** Billing keys (V1 "customers"): the PG's key, stored encrypted, mapped 1:1 to a customer_uid. */
import type { Provider } from '../core/payment.ts';
import type { Queryable, Row } from './db.ts';
import { toChannel, type Channel } from './merchants.ts';

export type BillingKey = {
  merchantId: number;
  customerUid: string;
  channelId: number;
  pgProvider: Provider;
  pgId: string;
  sandbox: boolean;
  pgBillingKeyEnc: string;
  customerId: string | null;
  cardName: string | null;
  cardCode: string | null;
  cardNumber: string | null; // masked
  cardType: number | null;
  customerName: string | null;
  customerTel: string | null;
  customerEmail: string | null;
  customerAddr: string | null;
  customerPostcode: string | null;
  inserted: number;
  updated: number;
};

const cols = {
  merchantId: 'merchant_id', customerUid: 'customer_uid', channelId: 'channel_id', pgProvider: 'pg_provider', pgId: 'pg_id',
  sandbox: 'sandbox', pgBillingKeyEnc: 'pg_billing_key_enc', customerId: 'customer_id', cardName: 'card_name', cardCode: 'card_code',
  cardNumber: 'card_number', cardType: 'card_type', customerName: 'customer_name', customerTel: 'customer_tel',
  customerEmail: 'customer_email', customerAddr: 'customer_addr', customerPostcode: 'customer_postcode', inserted: 'inserted', updated: 'updated',
} as const satisfies Record<keyof BillingKey, string>;
const keys = Object.keys(cols) as (keyof BillingKey)[];

/**
 * Copies a row into a BillingKey with one object literal compiled once from `cols` (constant
 * identifiers, no input), like payments.ts `paymentOf`: built entry by entry it took three times the
 * CPU of parsing the row's JSON (bench/README.md, "gateway again").
 */
const toKey = new Function('r', `return { ${keys.map((k) => `${k}: r.${cols[k]} ?? null`).join(', ')} };`) as (r: Row) => BillingKey;

/** Inserts or replaces the mapping: reusing a customer_uid points it at the newest card (reference §3.6). */
export async function upsertBillingKey(q: Queryable, b: BillingKey): Promise<BillingKey> {
  const names = keys.map((k) => cols[k]);
  const updates = names.filter((c) => c !== 'merchant_id' && c !== 'customer_uid' && c !== 'inserted').map((c) => `${c} = excluded.${c}`);
  const [r] = await q.query(
    `insert into billing_keys (${names.join(',')}) values (${names.map((_, i) => `$${i + 1}`).join(',')})
     on conflict (merchant_id, customer_uid) do update set ${updates.join(', ')} returning *`,
    keys.map((k) => b[k]),
  );
  return toKey(r!);
}

export async function getBillingKey(q: Queryable, merchantId: number, customerUid: string): Promise<BillingKey | null> {
  const [r] = await q.query('select * from billing_keys where merchant_id = $1 and customer_uid = $2', [merchantId, customerUid]);
  return r ? toKey(r) : null;
}

/**
 * getBillingKey with the channel it was issued on (null when that channel is gone), in one round trip.
 * Each row comes as one JSON object (`row_to_json`): the driver parses two short JSON texts instead of
 * setting 19 + 16 fields one by one (bench/README.md, "gateway again"). The same values: text,
 * integer, bigint (a JSON number, as the int8 parser gives it) and boolean columns only.
 */
export async function getBillingKeyWithChannel(q: Queryable, merchantId: number, customerUid: string): Promise<{ key: BillingKey; channel: Channel | null } | null> {
  const [r] = await q.query<{ key_row: Row; channel_row: Row | null }>(
    `select row_to_json(b) as key_row, row_to_json(c) as channel_row from billing_keys b
     left join channels c on c.merchant_id = b.merchant_id and c.id = b.channel_id
     where b.merchant_id = $1 and b.customer_uid = $2`,
    [merchantId, customerUid],
  );
  if (!r) return null;
  return { key: toKey(r.key_row), channel: r.channel_row ? toChannel(r.channel_row) : null };
}

export async function getBillingKeys(q: Queryable, merchantId: number, customerUids: string[]): Promise<BillingKey[]> {
  return (await q.query('select * from billing_keys where merchant_id = $1 and customer_uid = any($2)', [merchantId, customerUids])).map(toKey);
}

export async function deleteBillingKey(q: Queryable, merchantId: number, customerUid: string): Promise<BillingKey | null> {
  const [r] = await q.query('delete from billing_keys where merchant_id = $1 and customer_uid = $2 returning *', [merchantId, customerUid]);
  return r ? toKey(r) : null;
}

export async function listBillingKeys(q: Queryable, merchantId: number, page: number, limit: number): Promise<{ total: number; list: BillingKey[] }> {
  const [c] = await q.query<{ n: number }>('select count(*)::int as n from billing_keys where merchant_id = $1', [merchantId]);
  const rows = await q.query(`select * from billing_keys where merchant_id = $1 order by updated desc limit ${limit} offset ${(page - 1) * limit}`, [merchantId]);
  return { total: c?.n ?? 0, list: rows.map(toKey) };
}
