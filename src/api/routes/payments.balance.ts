/** GET /payments/{imp_uid}/balance (reference §3.1): PAYCO only. */
import { z } from 'zod';
import { paymentBalance, type BalancePart } from '../../app/payment-balance.ts';
import { toWireAmount, type Currency } from '../../core/money.ts';
import { route } from '../route.ts';

const part = (p: BalancePart, c: Currency) => ({ tax_free: toWireAmount(p.taxFree, c), supply: toWireAmount(p.supply, c), vat: toWireAmount(p.vat, c), service: toWireAmount(p.service, c) });
const zero: BalancePart = { taxFree: 0, supply: 0, vat: 0, service: 0 };

export default route({
  method: 'GET',
  url: '/payments/:imp_uid/balance',
  schema: { summary: '결제금액 상세 (PAYCO)', tags: ['payments'], params: z.object({ imp_uid: z.string() }) },
  handler: async ({ ctx, merchantId, params }) => {
    const b = await paymentBalance(ctx, merchantId, params.imp_uid);
    const c = b.payment.currency;
    return {
      response: {
        amount: toWireAmount(b.amount, c), cash_receipt: part(zero, c), primary: part(b.primary, c), secondary: part(b.secondary, c), discount: part(b.discount, c),
        histories: b.histories.map((h) => ({
          amount: h.amount < 0 ? -toWireAmount(-h.amount, c) : toWireAmount(h.amount, c), cash_receipt: part(zero, c),
          primary: { tax_free: sign(h.taxFree, c), supply: sign(h.supply, c), vat: sign(h.vat, c), service: 0 }, secondary: part(zero, c), discount: part(zero, c),
          created: h.created,
        })),
      },
    };
  },
});

const sign = (minor: number, c: Currency) => (minor < 0 ? -toWireAmount(-minor, c) : toWireAmount(minor, c));
