/** Payment lookups (reference §3.1). Every query is scoped to the caller's merchant. */
import { GatewayError } from '../core/errors.ts';
import type { Payment, PaymentStatus } from '../core/payment.ts';
import * as repo from '../storage/payments.ts';
import type { Page, Sorting } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

export type Paged = { total: number; previous: number; next: number; list: Payment[] };

/** V1's paged wrapper: previous/next page numbers, 0 where there is none. */
export function paged(page: number, limit: number, p: Page<Payment>): Paged {
  const last = Math.max(1, Math.ceil(p.total / limit));
  return { total: p.total, previous: page > 1 ? page - 1 : 0, next: page < last ? page + 1 : 0, list: p.list };
}

export async function getPayment(ctx: AppContext, merchantId: number, impUid: string): Promise<Payment> {
  const p = await repo.readPayment(ctx.db, merchantId, impUid);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  return p;
}

export type ManyResult = { payments: Payment[]; complete: boolean };

/** `GET /payments`: found ones, and whether every requested id was found (200 vs 207). */
export async function getPayments(ctx: AppContext, merchantId: number, impUids: string[], merchantUids: string[]): Promise<ManyResult> {
  const payments = await repo.getMany(ctx.db, merchantId, impUids, merchantUids);
  if (payments.length === 0) throw new GatewayError('PAYMENT_NOT_FOUND');
  const foundImp = new Set(payments.map((p) => p.impUid));
  const foundMerchant = new Set(payments.map((p) => p.merchantUid));
  const complete = impUids.every((u) => foundImp.has(u)) && merchantUids.every((u) => foundMerchant.has(u));
  return { payments, complete };
}

export async function findPayment(ctx: AppContext, merchantId: number, merchantUid: string, status: PaymentStatus | null, sorting: Sorting): Promise<Payment> {
  const p = await repo.findByMerchantUid(ctx.db, merchantId, merchantUid, status, sorting);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  return p;
}

export async function findAllPayments(ctx: AppContext, merchantId: number, merchantUid: string, status: PaymentStatus | null, sorting: Sorting, page: number, limit: number): Promise<Paged> {
  const p = await repo.listByMerchantUid(ctx.db, merchantId, merchantUid, status, sorting, page, limit);
  if (p.total === 0) throw new GatewayError('PAYMENT_NOT_FOUND');
  assertPageInRange(page, limit, p.total);
  return paged(page, limit, p);
}

export const STATUS_WINDOW_SEC = 90 * 24 * 3600;

/** `GET /payments/status/{status}`: `to` defaults to now, `from` to 90 days before; window ≤ 90 days. */
export async function listPaymentsByStatus(ctx: AppContext, merchantId: number, status: PaymentStatus | 'all', q: { page: number; limit: number; from: number | null; to: number | null; sorting: Sorting }): Promise<Paged> {
  const to = q.to ?? ctx.now();
  const from = q.from ?? to - STATUS_WINDOW_SEC;
  if (from > to) throw new GatewayError('BAD_REQUEST', 'from 은 to 보다 클 수 없습니다.');
  if (to - from > STATUS_WINDOW_SEC) throw new GatewayError('BAD_REQUEST', '조회 기간(from ~ to)은 최대 90일입니다.');
  const p = await repo.listByStatus(ctx.db, merchantId, status, from, to, q.sorting, q.page, q.limit);
  assertPageInRange(q.page, q.limit, p.total);
  return paged(q.page, q.limit, p);
}

export async function listCustomerPayments(ctx: AppContext, merchantId: number, customerUid: string, page: number, limit: number): Promise<Paged> {
  const p = await repo.listByCustomerUid(ctx.db, merchantId, customerUid, page, limit);
  assertPageInRange(page, limit, p.total);
  return paged(page, limit, p);
}

function assertPageInRange(page: number, limit: number, total: number): void {
  if (page > 1 && (page - 1) * limit >= total) throw new GatewayError('PAGE_OUT_OF_RANGE');
}
