/** GET /payments/find/{merchant_uid}[/{payment_status}] (reference §3.1). */
import { z } from 'zod';
import { findPayment } from '../../app/find-payments.ts';
import { paymentStatuses } from '../../core/payment.ts';
import { sortings } from '../../app/sorting.ts';
import { route, type RouteDef } from '../route.ts';
import { paymentSchema } from '../views/schemas.ts';
import { paymentView } from '../views/payment.ts';

const query = z.object({ sorting: z.enum(sortings).optional() });

const byMerchantUid = route({
  method: 'GET',
  url: '/payments/find/:merchant_uid',
  schema: { summary: 'merchant_uid 로 결제내역 조회', response: paymentSchema, tags: ['payments'], params: z.object({ merchant_uid: z.string() }), querystring: query },
  handler: async ({ ctx, merchantId, params, query: q }) => ({ response: paymentView(await findPayment(ctx, merchantId, params.merchant_uid, null, q.sorting ?? '-started')) }),
});

const byMerchantUidAndStatus = route({
  method: 'GET',
  url: '/payments/find/:merchant_uid/:payment_status',
  schema: {
    summary: 'merchant_uid 와 결제상태로 결제내역 조회', response: paymentSchema,
    tags: ['payments'],
    params: z.object({ merchant_uid: z.string(), payment_status: z.enum(paymentStatuses) }),
    querystring: query,
  },
  handler: async ({ ctx, merchantId, params, query: q }) => ({ response: paymentView(await findPayment(ctx, merchantId, params.merchant_uid, params.payment_status, q.sorting ?? '-started')) }),
});

export default [byMerchantUid, byMerchantUidAndStatus] satisfies RouteDef[];
