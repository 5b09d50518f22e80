/** POST /payments/cancel (reference §3.2). */
import { z } from 'zod';
import { cancelPayment } from '../../app/cancel-payment.ts';
import { amount, bool, orNull, text } from '../fields.ts';
import { route } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

export default route({
  method: 'POST',
  url: '/payments/cancel',
  schema: {
    summary: '결제취소 (전액 / 부분)',
    response: paymentSchema,
    tags: ['payments'],
    body: z.object({
      imp_uid: text().optional(),
      merchant_uid: text().optional(),
      amount: amount().optional(),
      tax_free: amount().optional(),
      vat_amount: amount().optional(),
      checksum: amount().nullable().optional(),
      reason: text().pipe(z.string().max(256)).optional(),
      refund_holder: text().optional(),
      refund_bank: text().optional(),
      refund_account: text().optional(),
      refund_tel: text().optional(),
      retain_promotion: bool().optional(),
      enable_webhook: bool().optional(),
      extra: z.object({ requester: z.string().optional() }).optional(),
    }),
  },
  handler: async ({ ctx, merchantId, body }) => ({
    response: paymentView(await cancelPayment(ctx, merchantId, {
      impUid: orNull(body.imp_uid), merchantUid: orNull(body.merchant_uid), amount: body.amount, taxFree: body.tax_free,
      checksum: body.checksum, reason: orNull(body.reason), refundHolder: orNull(body.refund_holder), refundBank: orNull(body.refund_bank),
      refundAccount: orNull(body.refund_account), refundTel: orNull(body.refund_tel), enableWebhook: body.enable_webhook ?? false,
    })),
  }),
});
