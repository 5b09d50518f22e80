/** POST /subscribe/payments/again (reference §3.4): charge a stored billing key. */
import { z } from 'zod';
import { payWithBillingKey } from '../../app/pay-with-billing-key.ts';
import { chargeBody, toChargeFields } from '../charge-body.ts';
import { text } from '../fields.ts';
import { route } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

export default route({
  method: 'POST',
  url: '/subscribe/payments/again',
  schema: {
    summary: '빌링키로 결제 (재결제)',
    response: paymentSchema,
    tags: ['subscribe'],
    body: z.object({ ...chargeBody, customer_uid: text().pipe(z.string().min(1)), channel_key: text().optional(), product_count: z.unknown().optional(), cash_receipt_type: z.string().optional(), extra: z.unknown().optional() }),
  },
  handler: async ({ ctx, merchantId, body, req }) => ({
    response: paymentView(await payWithBillingKey(ctx, merchantId, { ...toChargeFields(body), customerUid: body.customer_uid, userAgent: req.headers['user-agent'] ?? null })),
  }),
});
