/** GET /payments/findAll/{merchant_uid}[/{payment_status}] (reference §3.1): paged. */
import { z } from 'zod';
import { findAllPayments } from '../../app/find-payments.ts';
import { sortings } from '../../app/sorting.ts';
import { paymentStatuses } from '../../core/payment.ts';
import { limit, page } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';
import { pagedPaymentsSchema } from '../views/schemas.ts';
import { pagedView } from '../views/payment.ts';

const query = z.object({ page: page(), limit: limit(), sorting: z.enum(sortings).optional() });

const all = route({
  method: 'GET',
  url: '/payments/findAll/:merchant_uid',
  schema: { summary: 'merchant_uid 의 모든 결제시도 조회', response: pagedPaymentsSchema, tags: ['payments'], params: z.object({ merchant_uid: z.string() }), querystring: query },
  handler: async ({ ctx, merchantId, params, query: q }) => ({
    response: pagedView(await findAllPayments(ctx, merchantId, params.merchant_uid, null, q.sorting ?? '-started', q.page ?? 1, q.limit ?? 20)),
  }),
});

const withStatus = route({
  method: 'GET',
  url: '/payments/findAll/:merchant_uid/:payment_status',
  schema: {
    summary: 'merchant_uid 와 결제상태로 모든 결제시도 조회', response: pagedPaymentsSchema,
    tags: ['payments'],
    params: z.object({ merchant_uid: z.string(), payment_status: z.enum(paymentStatuses) }),
    querystring: query,
  },
  handler: async ({ ctx, merchantId, params, query: q }) => ({
    response: pagedView(await findAllPayments(ctx, merchantId, params.merchant_uid, params.payment_status, q.sorting ?? '-started', q.page ?? 1, q.limit ?? 20)),
  }),
});

export default [all, withStatus] satisfies RouteDef[];
