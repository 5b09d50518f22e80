/**
 * GET /payments/{imp_uid}/balance (reference §3.1), PAYCO only: what is left of a payment split into
 * tax-free, supply and VAT (Korean rule: VAT = (amount - tax_free) / 11), net of cancellations.
 */
import { GatewayError } from '../core/errors.ts';
import { vatOf } from '../core/money.ts';
import { cancellableTaxFree, type Payment } from '../core/payment.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

export type BalancePart = { taxFree: number; supply: number; vat: number; service: number };
export type Balance = { payment: Payment; amount: number; primary: BalancePart; histories: (BalancePart & { amount: number; created: number })[] };

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
  return { payment: p, amount: remaining, primary: split(remaining, paid ? cancellableTaxFree(p) : 0), histories };
}
