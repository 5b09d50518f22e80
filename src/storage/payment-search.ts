/**
 * The console's payment search (keyset paged, newest first) and its dashboard aggregates.
 * Paging never counts or offsets: a page is "the next `limit` rows after (started_at, imp_uid)",
 * which an index from migration 0003 answers in the same time on page 1 and page 10,000.
 */
import type { Currency } from '../core/money.ts';
import type { PaymentStatus, Provider } from '../core/payment.ts';
import type { Queryable, Row } from './db.ts';

export type PaymentFilter = {
  impUid?: string | null;
  merchantUid?: string | null;
  status?: PaymentStatus | null;
  pgProvider?: Provider | null;
  payMethod?: string | null;
  /** Exact buyer name, e-mail (any case) or phone number. */
  buyer?: string | null;
  /** started_at bounds, UNIX seconds, inclusive from / exclusive to. */
  from?: number | null;
  to?: number | null;
};

/** A position in the newest-first order; `after` pages towards older rows, `before` towards newer. */
export type SearchCursor = { dir: 'after' | 'before'; startedAt: number; impUid: string };

export type PaymentSummary = {
  impUid: string; merchantUid: string; status: PaymentStatus; pgProvider: Provider; pgId: string | null; payMethod: string;
  name: string | null; amount: number; cancelAmount: number; currency: Currency; buyerName: string | null; buyerEmail: string | null;
  startedAt: number; paidAt: number; failReason: string | null; sandbox: boolean;
};

const summaryColumns = 'imp_uid, merchant_uid, status, pg_provider, pg_id, pay_method, name, amount, cancel_amount, currency, buyer_name, buyer_email, started_at, paid_at, fail_reason, sandbox';

const toSummary = (r: Row): PaymentSummary => ({
  impUid: r.imp_uid as string, merchantUid: r.merchant_uid as string, status: r.status as PaymentStatus, pgProvider: r.pg_provider as Provider,
  pgId: (r.pg_id as string | null) ?? null, payMethod: r.pay_method as string, name: (r.name as string | null) ?? null, amount: r.amount as number,
  cancelAmount: r.cancel_amount as number, currency: r.currency as Currency, buyerName: (r.buyer_name as string | null) ?? null,
  buyerEmail: (r.buyer_email as string | null) ?? null, startedAt: r.started_at as number, paidAt: r.paid_at as number,
  failReason: (r.fail_reason as string | null) ?? null, sandbox: r.sandbox as boolean,
});

/** Up to `limit` rows in newest-first order, and whether more exist beyond them in the paging direction. */
export async function searchPayments(q: Queryable, merchantId: number, f: PaymentFilter, cursor: SearchCursor | null, limit: number): Promise<{ rows: PaymentSummary[]; more: boolean }> {
  const params: unknown[] = [merchantId];
  const where = ['merchant_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.impUid) add((p) => `imp_uid = ${p}`, f.impUid);
  if (f.merchantUid) add((p) => `merchant_uid = ${p}`, f.merchantUid);
  if (f.status) add((p) => `status = ${p}`, f.status);
  if (f.pgProvider) add((p) => `pg_provider = ${p}`, f.pgProvider);
  if (f.payMethod) add((p) => `pay_method = ${p}`, f.payMethod);
  // The matching ids first, from the three buyer indexes: left as a plain OR, the planner walks the
  // newest-first index hoping to meet 50 matches soon, and reads the whole table when there are few.
  if (f.buyer) {
    add((p) => `imp_uid = any(array(select imp_uid from payments where merchant_id = $1 and buyer_name = ${p}
      union select imp_uid from payments where merchant_id = $1 and lower(buyer_email) = lower(${p})
      union select imp_uid from payments where merchant_id = $1 and buyer_tel = ${p}))`, f.buyer);
  }
  if (f.from != null) add((p) => `started_at >= ${p}`, f.from);
  if (f.to != null) add((p) => `started_at < ${p}`, f.to);
  const backwards = cursor?.dir === 'before';
  if (cursor) {
    params.push(cursor.startedAt, cursor.impUid);
    where.push(`(started_at, imp_uid) ${backwards ? '>' : '<'} ($${params.length - 1}, $${params.length})`);
  }
  const dir = backwards ? 'asc' : 'desc';
  const n = Math.max(1, Math.min(500, Math.trunc(limit)));
  const rows = await q.query(`select ${summaryColumns} from payments where ${where.join(' and ')} order by started_at ${dir}, imp_uid ${dir} limit ${n + 1}`, params);
  const more = rows.length > n;
  const page = rows.slice(0, n).map(toSummary);
  return { rows: backwards ? page.reverse() : page, more };
}

export type DailyPgStats = { day: number; pgProvider: Provider; currency: Currency; attempts: number; approved: number; approvedAmount: number };

/**
 * Attempts, approvals (ever paid, even if cancelled later) and approved amount per local day, PG and
 * currency for attempts started in [from, to). `day` is days since the epoch in the given UTC offset.
 */
export async function dailyStats(q: Queryable, merchantId: number, from: number, to: number, utcOffsetSec: number): Promise<DailyPgStats[]> {
  const rows = await q.query(
    `select ((started_at + $4::bigint) / 86400)::bigint as day, pg_provider, currency, count(*)::int as attempts,
            (count(*) filter (where paid_at > 0))::int as approved, coalesce(sum(amount) filter (where paid_at > 0), 0)::bigint as approved_amount
       from payments where merchant_id = $1 and started_at >= $2 and started_at < $3
      group by 1, 2, 3 order by 1, 2, 3`,
    [merchantId, from, to, utcOffsetSec],
  );
  return rows.map((r) => ({
    day: r.day as number, pgProvider: r.pg_provider as Provider, currency: r.currency as Currency,
    attempts: r.attempts as number, approved: r.approved as number, approvedAmount: r.approved_amount as number,
  }));
}

/** The newest failed attempts with their reasons. */
export async function latestFailures(q: Queryable, merchantId: number, limit: number): Promise<(PaymentSummary & { failedAt: number })[]> {
  const rows = await q.query(`select ${summaryColumns}, failed_at from payments where merchant_id = $1 and status = 'failed' order by status_at desc, imp_uid desc limit $2`, [merchantId, limit]);
  return rows.map((r) => ({ ...toSummary(r), failedAt: r.failed_at as number }));
}
