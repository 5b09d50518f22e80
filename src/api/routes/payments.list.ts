/** GET /payments?imp_uid[]=&merchant_uid[]= (reference §3.1): 200 all found, 207 some, 404 none. */
import { z } from 'zod';
import { getPayments } from '../../app/find-payments.ts';
import { GatewayError } from '../../core/errors.ts';
import { list } from '../fields.ts';
import { route } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

export const MAX_IDS = 100;

export default route({
  method: 'GET',
  url: '/payments',
  schema: {
    summary: '여러 개의 imp_uid / merchant_uid 로 결제내역 조회', response: z.array(paymentSchema),
    tags: ['payments'],
    querystring: z.object({ imp_uid: list().optional(), merchant_uid: list().optional() }),
  },
  handler: async ({ ctx, merchantId, query }) => {
    const impUids = query.imp_uid ?? [];
    const merchantUids = query.merchant_uid ?? [];
    if (impUids.length + merchantUids.length === 0) throw new GatewayError('BAD_REQUEST', 'imp_uid[] 또는 merchant_uid[] 가 필요합니다.');
    if (impUids.length + merchantUids.length > MAX_IDS) throw new GatewayError('BAD_REQUEST', `한 번에 최대 ${MAX_IDS}건까지 조회할 수 있습니다.`);
    const r = await getPayments(ctx, merchantId, impUids, merchantUids);
    return { status: r.complete ? 200 : 207, response: r.payments.map(paymentView) };
  },
});
