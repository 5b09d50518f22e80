/** POST /subscribe/payments/onetime (reference §3.4): key-in charge, optionally keeping a billing key. */
import { z } from 'zod';
import { payOnetime } from '../../app/pay-onetime.ts';
import { chargeBody, toChargeFields } from '../charge-body.ts';
import { orNull, text } from '../fields.ts';
import { route } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

export default route({
  method: 'POST',
  url: '/subscribe/payments/onetime',
  schema: {
    summary: '카드정보로 결제 (비인증 키인결제)',
    response: paymentSchema,
    tags: ['subscribe'],
    body: z.object({
      ...chargeBody,
      card_number: text(), expiry: text(), birth: text().optional(), pwd_2digit: text().optional(), cvc: text().optional(),
      customer_uid: text().optional(), pg: text().optional(), channelGroupId: text().optional(),
    }),
  },
  handler: async ({ ctx, merchantId, body, req }) => ({
    response: paymentView(await payOnetime(ctx, merchantId, {
      ...toChargeFields(body),
      pg: orNull(body.pg),
      card: { card_number: body.card_number, expiry: body.expiry, birth: body.birth, pwd_2digit: body.pwd_2digit, cvc: body.cvc },
      customerUid: orNull(body.customer_uid),
      userAgent: req.headers['user-agent'] ?? null,
    })),
  }),
});
