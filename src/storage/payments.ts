/** Payments (one row per attempt / imp_uid) and their cancellation history. */
import { statusTime, type CancelEntry, type Payment, type PaymentStatus } from '../core/payment.ts';
import { anyKeyOf, perDb } from './coalesce.ts';
import type { Db, Queryable, Row } from './db.ts';
import { deliveryRows, type NewDelivery } from './outbox.ts';

/** camelCase field -> column, for every persisted scalar field of Payment. */
const columns = {
  impUid: 'imp_uid', merchantId: 'merchant_id', merchantUid: 'merchant_uid', channelId: 'channel_id', payMethod: 'pay_method',
  channel: 'channel', pgProvider: 'pg_provider', embPgProvider: 'emb_pg_provider', pgTid: 'pg_tid', pgRefEnc: 'pg_ref_enc', pgId: 'pg_id',
  sandbox: 'sandbox', escrow: 'escrow', applyNum: 'apply_num', bankCode: 'bank_code', bankName: 'bank_name',
  cardCode: 'card_code', cardName: 'card_name', cardQuota: 'card_quota', cardNumber: 'card_number', cardType: 'card_type',
  vbankCode: 'vbank_code', vbankName: 'vbank_name', vbankNum: 'vbank_num', vbankHolder: 'vbank_holder', vbankDate: 'vbank_date',
  vbankIssuedAt: 'vbank_issued_at', name: 'name', currency: 'currency', amount: 'amount', cancelAmount: 'cancel_amount',
  taxFree: 'tax_free', buyerName: 'buyer_name', buyerEmail: 'buyer_email', buyerTel: 'buyer_tel', buyerAddr: 'buyer_addr',
  buyerPostcode: 'buyer_postcode', customData: 'custom_data', userAgent: 'user_agent', status: 'status', startedAt: 'started_at',
  paidAt: 'paid_at', failedAt: 'failed_at', cancelledAt: 'cancelled_at', failReason: 'fail_reason', cancelReason: 'cancel_reason',
  receiptUrl: 'receipt_url', cashReceiptIssued: 'cash_receipt_issued', customerUid: 'customer_uid', customerUidUsage: 'customer_uid_usage',
  inFlight: 'in_flight', updatedAt: 'updated_at',
} as const satisfies Partial<Record<keyof Payment, string>>;

type ColumnField = keyof typeof columns;
const fields = Object.keys(columns) as ColumnField[];
const columnList = [...fields.map((f) => columns[f]), 'notice_urls', 'status_at'];

/** The notice_urls column: the JSON text of the list, or null. */
const noticeUrlsColumn = (p: Payment): string | null => (p.noticeUrls ? JSON.stringify(p.noticeUrls) : null);

function toRow(p: Payment): unknown[] {
  return [...fields.map((f) => p[f]), noticeUrlsColumn(p), statusTime(p)];
}

/**
 * Copies a row's columns into a Payment with one object literal, compiled once from `columns` (constant
 * identifiers, no input). Filled key by key, each of the 57 stores is a megamorphic keyed store that
 * looks up the object's next shape: about 5× the time of the literal (measured alone), and the reads
 * and JSON reply of the result are slower too (bench/README.md).
 */
const paymentOf = new Function('r', 'noticeUrls', 'cancelHistory',
  `return { ${fields.map((f) => `${f}: r.${columns[f]}`).join(', ')}, noticeUrls, cancelHistory };`) as (r: Row, noticeUrls: string[] | null, cancelHistory: CancelEntry[]) => Payment;

function fromRow(r: Row, history: CancelEntry[]): Payment {
  return paymentOf(r, r.notice_urls ? (JSON.parse(r.notice_urls as string) as string[]) : null, history);
}

const toCancel = (r: Row): CancelEntry => ({
  cancellationId: r.cancellation_id as string, pgTid: (r.pg_tid as string | null) ?? null, amount: r.amount as number,
  taxFree: r.tax_free as number, reason: (r.reason as string | null) ?? null, cancelledAt: r.cancelled_at as number,
  receiptUrl: (r.receipt_url as string | null) ?? null,
});

/** The cancellation history of each of these payments (those with a cancelled amount), in order. */
async function historiesOf(q: Queryable, impUids: string[]): Promise<Map<string, CancelEntry[]>> {
  const byUid = new Map<string, CancelEntry[]>();
  if (impUids.length === 0) return byUid;
  const cancels = await q.query('select * from payment_cancellations where imp_uid = any($1) order by seq', [impUids]);
  for (const c of cancels) {
    const list = byUid.get(c.imp_uid as string) ?? [];
    list.push(toCancel(c));
    byUid.set(c.imp_uid as string, list);
  }
  return byUid;
}

async function withHistory(q: Queryable, rows: Row[]): Promise<Payment[]> {
  if (rows.length === 0) return [];
  const byUid = await historiesOf(q, rows.filter((r) => (r.cancel_amount as number) > 0).map((r) => r.imp_uid as string));
  return rows.map((r) => fromRow(r, byUid.get(r.imp_uid as string) ?? []));
}

/**
 * A payment row as ONE json array of its columns (`fields` order, then notice_urls), for the plain
 * lookup GET /payments/{imp_uid} makes: the driver then parses one short JSON text instead of 59 fields
 * set key by key on a row object (about a third of the CPU of the read in the gateway: bench/README.md),
 * and the Payment is copied from positions by a literal compiled like paymentOf. The same values:
 * text, integer, bigint (a JSON number, as the int8 parser gives it) and boolean columns only.
 */
const listSql = `json_build_array(${fields.map((f) => columns[f]).join(', ')}, notice_urls)`;
/** Where the reader finds the two fields it needs before building the Payment. */
const AT_IMP_UID = fields.indexOf('impUid');
const AT_CANCEL_AMOUNT = fields.indexOf('cancelAmount');
const paymentOfList = new Function('a', 'cancelHistory',
  `return { ${fields.map((f, i) => `${f}: a[${i}]`).join(', ')}, noticeUrls: a[${fields.length}] === null ? null : JSON.parse(a[${fields.length}]), cancelHistory };`) as (a: unknown[], cancelHistory: CancelEntry[]) => Payment;

const placeholders = columnList.map((_, i) => `$${i + 1}`).join(',');
const insertSql = `insert into payments (${columnList.join(',')}) values (${placeholders})`;

/** Inserts an attempt. Throws a unique violation on `payments_one_claim` when the order is taken. */
export async function insertPayment(q: Queryable, p: Payment): Promise<void> {
  await q.query(insertSql, toRow(p));
}

const updateSql = `update payments set ${columnList.map((c, i) => `${c} = $${i + 1}`).join(', ')} where imp_uid = $1`;

/** Writes every mutable field of the payment (the state machine produced it). */
export async function updatePayment(q: Queryable, p: Payment): Promise<void> {
  await q.query(updateSql, toRow(p));
}

/**
 * Removes an attempt still in flight, for a request the PG refused before any payment existed
 * (invalid card data). A settled attempt is never removed; false when nothing was.
 */
export async function deleteInFlightAttempt(q: Queryable, impUid: string): Promise<boolean> {
  return (await q.query('delete from payments where imp_uid = $1 and in_flight returning imp_uid', [impUid])).length === 1;
}

/**
 * The update that settles an attempt still in flight: only the columns in which `settled` differs from
 * `claimed` (the attempt as its claim inserted it), `$1` the imp_uid. A settle changes a dozen of the 56
 * columns; sending all of them cost the driver their parameters on every settle (bench/README.md,
 * "gateway again"). Applies only while the row is still that attempt: every transition clears in_flight.
 */
function settleUpdate(claimed: Payment, settled: Payment): { sql: string; params: unknown[] } {
  const sets: string[] = [];
  const params: unknown[] = [settled.impUid];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (let i = 1; i < fields.length; i++) {
    const f = fields[i]!;
    if (settled[f] !== claimed[f]) set(columns[f], settled[f]);
  }
  if (settled.noticeUrls !== claimed.noticeUrls) set('notice_urls', noticeUrlsColumn(settled));
  const at = statusTime(settled);
  if (at !== statusTime(claimed)) set('status_at', at);
  return { sql: `update payments set ${sets.join(', ')} where imp_uid = $1 and in_flight and status = 'ready' returning imp_uid`, params };
}

/**
 * Settles an attempt still in flight and writes the deliveries it announces, as ONE statement: one
 * round trip and one transaction of its own (committed like any other), the deliveries written only
 * when the update was. `claimed` is the attempt as its claim inserted it (insertPayment), `settled` the
 * state machine's result. `updated` false: the attempt was no longer in flight and nothing was written.
 */
export async function settleInFlightPayment(db: Queryable, claimed: Payment, settled: Payment, deliveries: NewDelivery[]): Promise<{ updated: boolean; queued: number }> {
  const u = settleUpdate(claimed, settled);
  if (deliveries.length === 0) return { updated: (await db.query(u.sql, u.params)).length === 1, queued: 0 };
  const d = deliveryRows(deliveries, u.params.length + 1);
  const [r] = await db.query<{ updated: number; queued: number }>(
    `with u as (${u.sql}), d as (${d.sql} and exists (select 1 from u) returning id)
     select (select count(*) from u)::int as updated, (select count(*) from d)::int as queued`,
    [...u.params, ...d.params],
  );
  return { updated: r!.updated === 1, queued: r!.queued };
}

export async function getPayment(q: Queryable, merchantId: number, impUid: string, opts: { forUpdate?: boolean } = {}): Promise<Payment | null> {
  const rows = await q.query(`select * from payments where merchant_id = $1 and imp_uid = $2${opts.forUpdate ? ' for update' : ''}`, [merchantId, impUid]);
  const [p] = await withHistory(q, rows);
  return p ?? null;
}

/**
 * Whose payment an imp_uid is (imp_uid is the primary key), for a PG notification that names only its
 * order (KICC, Paymentwall: one URL per merchant at the PG); null when there is none.
 */
export async function paymentOwner(q: Queryable, impUid: string): Promise<{ merchantId: number; channelId: number | null } | null> {
  const [r] = await q.query<{ merchant_id: number; channel_id: number | null }>('select merchant_id, channel_id from payments where imp_uid = $1', [impUid]);
  return r ? { merchantId: Number(r.merchant_id), channelId: r.channel_id === null ? null : Number(r.channel_id) } : null;
}

const paymentReader = perDb((db: Db) => async (impUids: string[]) => {
  const lists = (await db.query<{ p: unknown[] }>(`select ${listSql} as p from payments where imp_uid = ${anyKeyOf(1)}`, [impUids])).map((r) => r.p);
  const byUid = await historiesOf(db, lists.filter((a) => (a[AT_CANCEL_AMOUNT] as number) > 0).map((a) => a[AT_IMP_UID] as string));
  return new Map(lists.map((a) => {
    const impUid = a[AT_IMP_UID] as string;
    return [impUid, paymentOfList(a, byUid.get(impUid) ?? [])];
  }));
});

/**
 * getPayment outside a transaction, for plain lookups: concurrent lookups share one statement
 * (coalesce.ts). imp_uid is the primary key, so the merchant is checked on the row that comes back.
 */
export async function readPayment(db: Db, merchantId: number, impUid: string): Promise<Payment | null> {
  const p = await paymentReader(db)(impUid);
  return p && p.merchantId === merchantId ? p : null;
}

export type Sorting = '-started' | 'started' | '-paid' | 'paid' | '-updated' | 'updated';
export const sortings = ['-started', 'started', '-paid', 'paid', '-updated', 'updated'] as const satisfies readonly Sorting[];

const orderBy = (s: Sorting): string => {
  const col = s.endsWith('started') ? 'started_at' : s.endsWith('paid') ? 'paid_at' : 'updated_at';
  const dir = s.startsWith('-') ? 'desc' : 'asc';
  return `${col} ${dir}, imp_uid ${dir}`;
};

export type Page<T> = { total: number; list: T[] };

/** The most relevant payment for a merchant_uid (reference §3.1 `find`). */
export async function findByMerchantUid(q: Queryable, merchantId: number, merchantUid: string, status: PaymentStatus | null, sorting: Sorting, opts: { forUpdate?: boolean } = {}): Promise<Payment | null> {
  const rows = await q.query(
    `select * from payments where merchant_id = $1 and merchant_uid = $2 ${status ? 'and status = $3' : ''} order by ${orderBy(sorting)} limit 1${opts.forUpdate ? ' for update' : ''}`,
    status ? [merchantId, merchantUid, status] : [merchantId, merchantUid],
  );
  const [p] = await withHistory(q, rows);
  return p ?? null;
}

export async function listByMerchantUid(q: Queryable, merchantId: number, merchantUid: string, status: PaymentStatus | null, sorting: Sorting, page: number, limit: number): Promise<Page<Payment>> {
  const where = `merchant_id = $1 and merchant_uid = $2 ${status ? 'and status = $3' : ''}`;
  const params: unknown[] = status ? [merchantId, merchantUid, status] : [merchantId, merchantUid];
  return pageOf(q, where, params, sorting, page, limit);
}

/** `/payments/status/{status}`: filtered by the time of each row's current status. */
export async function listByStatus(q: Queryable, merchantId: number, status: PaymentStatus | 'all', from: number, to: number, sorting: Sorting, page: number, limit: number): Promise<Page<Payment>> {
  const params: unknown[] = [merchantId, from, to];
  let where = 'merchant_id = $1 and status_at >= $2 and status_at <= $3';
  if (status !== 'all') {
    params.push(status);
    where += ` and status = $${params.length}`;
  }
  return pageOf(q, where, params, sorting, page, limit);
}

export async function listByCustomerUid(q: Queryable, merchantId: number, customerUid: string, page: number, limit: number): Promise<Page<Payment>> {
  return pageOf(q, 'merchant_id = $1 and customer_uid = $2', [merchantId, customerUid], '-started', page, limit);
}

async function pageOf(q: Queryable, where: string, params: unknown[], sorting: Sorting, page: number, limit: number): Promise<Page<Payment>> {
  const [c] = await q.query<{ n: number }>(`select count(*)::int as n from payments where ${where}`, params);
  const total = c?.n ?? 0;
  const rows = await q.query(`select * from payments where ${where} order by ${orderBy(sorting)} limit ${limit} offset ${(page - 1) * limit}`, params);
  return { total, list: await withHistory(q, rows) };
}

/** Multi-get by imp_uid and merchant_uid (`GET /payments`); for merchant_uid the newest attempt. */
export async function getMany(q: Queryable, merchantId: number, impUids: string[], merchantUids: string[]): Promise<Payment[]> {
  const rows: Row[] = [];
  if (impUids.length > 0) rows.push(...(await q.query('select * from payments where merchant_id = $1 and imp_uid = any($2)', [merchantId, impUids])));
  if (merchantUids.length > 0) {
    rows.push(...(await q.query(
      'select distinct on (merchant_uid) * from payments where merchant_id = $1 and merchant_uid = any($2) order by merchant_uid, started_at desc, imp_uid desc',
      [merchantId, merchantUids],
    )));
  }
  return withHistory(q, rows);
}

export async function insertCancellation(q: Queryable, impUid: string, c: CancelEntry): Promise<void> {
  await q.query(
    'insert into payment_cancellations (cancellation_id, imp_uid, pg_tid, amount, tax_free, reason, cancelled_at, receipt_url) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [c.cancellationId, impUid, c.pgTid, c.amount, c.taxFree, c.reason, c.cancelledAt, c.receiptUrl],
  );
}

/** Reserves part of the balance for a cancel whose PG call is about to start. False if it would overdraw. */
export async function holdCancel(q: Queryable, impUid: string, amount: number): Promise<boolean> {
  const rows = await q.query('update payments set pending_cancel_amount = pending_cancel_amount + $2 where imp_uid = $1 and cancel_amount + pending_cancel_amount + $2 <= amount returning imp_uid', [impUid, amount]);
  return rows.length === 1;
}

export async function releaseCancel(q: Queryable, impUid: string, amount: number): Promise<void> {
  await q.query('update payments set pending_cancel_amount = greatest(pending_cancel_amount - $2, 0) where imp_uid = $1', [impUid, amount]);
}

export async function pendingCancelAmount(q: Queryable, impUid: string): Promise<number> {
  const [r] = await q.query<{ p: number }>('select pending_cancel_amount as p from payments where imp_uid = $1', [impUid]);
  return r?.p ?? 0;
}

/** The merchant a payment belongs to (operator tools name a payment by its imp_uid alone); null when none has it. */
export async function merchantOfPayment(q: Queryable, impUid: string): Promise<number | null> {
  const [r] = await q.query('select merchant_id from payments where imp_uid = $1', [impUid]);
  return r ? Number(r.merchant_id) : null;
}

/** Attempts whose PG outcome is unknown and that have been so since before `before`. */
export async function listInFlight(q: Queryable, before: number, limit: number): Promise<Payment[]> {
  const rows = await q.query('select * from payments where in_flight and updated_at < $1 order by updated_at limit $2', [before, limit]);
  return withHistory(q, rows);
}
