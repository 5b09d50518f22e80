/**
 * GET /payments/{imp_uid}/balance (reference §3.1), PAYCO only: what is left of a payment split into
 * tax-free, supply and VAT (Korean rule: VAT = (amount - tax_free) / 11), net of cancellations. A paid
 * payment's parts are PAYCO's own (`paymentParts`: card/account, PAYCO points, coupons); the tax-free
 * amount is counted in the primary part. Payments without a channel to ask fall back to openimp's record.
 */
import { GatewayError } from '../core/errors.ts';
import { vatOf } from '../core/money.ts';
import { cancellableTaxFree, type Payment } from '../core/payment.ts';
import { findChannel } from '../storage/merchants.ts';
import { openedRef } from './charge-attempt.ts';
import { getPayment } from '../storage/payments.ts';
import { PgTransportError } from '../connectors/contract.ts';
import type { AppContext } from './context.ts';

export type BalancePart = { taxFree: number; supply: number; vat: number; service: number };
export type Balance = {
  payment: Payment; amount: number; primary: BalancePart; secondary: BalancePart; discount: BalancePart;
  histories: (BalancePart & { amount: number; created: number })[];
};
const none: BalancePart = { taxFree: 0, supply: 0, vat: 0, service: 0 };

const split = (amount: number, taxFree: number): BalancePart => {
  const vat = vatOf(amount, taxFree);
  return { taxFree, supply: amount - taxFree - vat, vat, service: 0 };
};

export async function paymentBalance(ctx: AppContext, merchantId: number, impUid: string): Promise<Balance> {
  const p = await getPayment(ctx.db, merchantId, impUid);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  if (p.pgProvider !== 'payco') throw new GatewayError('BALANCE_PAYCO_ONLY', `(pg_provider: ${p.pgProvider})`);
  const paid = p.status === 'paid' || p.status === 'cancelled';
  const remaining = paid ? p.amount - p.cancelAmount : 0;
  const histories = paid
    ? [
        { amount: p.amount, ...split(p.amount, p.taxFree), created: p.paidAt },
        ...p.cancelHistory.map((c) => {
          const s = split(c.amount, c.taxFree);
          return { amount: -c.amount, taxFree: -s.taxFree, supply: -s.supply, vat: -s.vat, service: 0, created: c.cancelledAt };
        }),
      ]
    : [];
  const taxFree = paid ? cancellableTaxFree(p) : 0;
  const parts = p.status === 'paid' ? await pgParts(ctx, p) : null;
  if (!parts) return { payment: p, amount: remaining, primary: split(remaining, taxFree), secondary: none, discount: none, histories };
  return {
    payment: p, amount: parts.primary + parts.secondary + parts.discount, histories,
    primary: split(parts.primary, Math.min(taxFree, parts.primary)), secondary: split(parts.secondary, 0), discount: split(parts.discount, 0),
  };
}

async function pgParts(ctx: AppContext, p: Payment): Promise<{ primary: number; secondary: number; discount: number } | null> {
  const ask = ctx.pg.connector(p.pgProvider)?.paymentParts;
  const channel = ask && p.channelId !== null ? await findChannel(ctx.db, p.merchantId, p.channelId) : null;
  if (!ask || !channel) return null;
  try {
    return await ask(ctx.pg.contextFor(channel), { orderId: p.impUid, pgRef: openedRef(ctx, p) });
  } catch (e) {
    if (e instanceof PgTransportError) throw new GatewayError('PG_UNREACHABLE', 'PAYCO 결제상세 조회가 응답하지 않았습니다.');
    throw e;
  }
}
