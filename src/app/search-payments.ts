/**
 * The console's payment search: filters, newest first, keyset pages (storage/payment-search.ts).
 * Cursors are opaque strings `<started_at>-<imp_uid>` the console echoes back.
 */
import { GatewayError } from '../core/errors.ts';
import { paymentStatuses, isProvider, type Payment, type PaymentStatus, type Provider } from '../core/payment.ts';
import * as repo from '../storage/payment-search.ts';
import type { PaymentFilter, PaymentSummary } from '../storage/payment-search.ts';
import type { AppContext } from './context.ts';
import { findAllPayments, getPayment } from './find-payments.ts';

export type { PaymentFilter, PaymentSummary };

export type SearchQuery = PaymentFilter & { after?: string | null; before?: string | null; limit?: number };
export type SearchPage = { list: PaymentSummary[]; next: string | null; previous: string | null };

const cursorOf = (p: PaymentSummary) => `${p.startedAt}-${p.impUid}`;

function parseCursor(dir: 'after' | 'before', text: string): repo.SearchCursor {
  const m = /^(\d{1,15})-(.{1,80})$/.exec(text);
  if (!m) throw new GatewayError('BAD_REQUEST', '페이지 위치(cursor)가 올바르지 않습니다.');
  return { dir, startedAt: Number(m[1]), impUid: m[2]! };
}

export const isPaymentStatus = (v: unknown): v is PaymentStatus => typeof v === 'string' && (paymentStatuses as readonly string[]).includes(v);

/** One page of a merchant's payments matching the filter, with cursors to the neighbouring pages. */
export async function searchPayments(ctx: AppContext, merchantId: number, q: SearchQuery): Promise<SearchPage> {
  if (q.status != null && !isPaymentStatus(q.status)) throw new GatewayError('BAD_REQUEST', `status: ${q.status}`);
  if (q.pgProvider != null && !isProvider(q.pgProvider)) throw new GatewayError('BAD_REQUEST', `pg: ${q.pgProvider}`);
  if (q.from != null && q.to != null && q.from >= q.to) throw new GatewayError('BAD_REQUEST', '조회 시작일은 종료일보다 앞서야 합니다.');
  const limit = q.limit ?? 50;
  const cursor = q.before ? parseCursor('before', q.before) : q.after ? parseCursor('after', q.after) : null;
  const { rows, more } = await repo.searchPayments(ctx.db, merchantId, q, cursor, limit);
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Going back, "more" means more newer rows; there are always older ones (where we came from).
  const backwards = cursor?.dir === 'before';
  return {
    list: rows,
    next: last && (backwards || more) ? cursorOf(last) : null,
    previous: first && (backwards ? more : cursor !== null) ? cursorOf(first) : null,
  };
}

export type PaymentDetail = { payment: Payment; attempts: Payment[] };

/** A payment with every attempt of its merchant_uid (newest first, at most 50). */
export async function paymentDetail(ctx: AppContext, merchantId: number, impUid: string): Promise<PaymentDetail> {
  const payment = await getPayment(ctx, merchantId, impUid);
  const all = await findAllPayments(ctx, merchantId, payment.merchantUid, null, '-started', 1, 50);
  return { payment, attempts: all.list };
}

export type { Provider };
