/** POST /payco/orders/status/{imp_uid} (reference §3.10): PAYCO order product status → PaycoStatusAnnotation. */
import { z } from 'zod';
import { paycoOrderStatuses, updatePaycoOrderStatus } from '../../app/payco-order-status.ts';
import { route } from '../route.ts';

export default route({
  method: 'POST',
  url: '/payco/orders/status/:imp_uid',
  schema: {
    summary: '(페이코) 주문상태 단건 수정',
    tags: ['payco'],
    params: z.object({ imp_uid: z.string() }),
    body: z.object({ status: z.enum(paycoOrderStatuses) }),
  },
  handler: async ({ ctx, merchantId, params, body }) => ({ response: await updatePaycoOrderStatus(ctx, merchantId, params.imp_uid, body.status) }),
});
