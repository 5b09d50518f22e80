/** GET /payments/{imp_uid} (reference §3.1). */
import { z } from 'zod';
import { getPayment } from '../../app/find-payments.ts';
import { bool } from '../fields.ts';
import { route } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

export default route({
  method: 'GET',
  url: '/payments/:imp_uid',
  schema: {
    summary: 'imp_uid 로 결제내역 조회',
    response: paymentSchema,
    tags: ['payments'],
    params: z.object({ imp_uid: z.string() }),
    querystring: z.object({ include_sandbox: bool().optional(), extension: bool().optional() }),
  },
  handler: async ({ ctx, merchantId, params }) => ({ response: paymentView(await getPayment(ctx, merchantId, params.imp_uid)) }),
});
