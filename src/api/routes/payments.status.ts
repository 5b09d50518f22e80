/** GET /payments/status/{payment_status} (reference §3.1): paged, filtered by the time of each status. */
import { z } from 'zod';
import { listPaymentsByStatus } from '../../app/find-payments.ts';
import { sortings } from '../../app/sorting.ts';
import { paymentStatuses } from '../../core/payment.ts';
import { limit, page, unixTime } from '../fields.ts';
import { route } from '../route.ts';
import { pagedPaymentsSchema } from '../views/schemas.ts';
import { pagedView } from '../views/payment.ts';

export default route({
  method: 'GET',
  url: '/payments/status/:payment_status',
  schema: {
    summary: '결제상태별 결제내역 조회',
    response: pagedPaymentsSchema,
    tags: ['payments'],
    params: z.object({ payment_status: z.enum(['all', ...paymentStatuses]) }),
    querystring: z.object({ page: page(), limit: limit(), from: unixTime(), to: unixTime(), sorting: z.enum(sortings).optional() }),
  },
  handler: async ({ ctx, merchantId, params, query }) => ({
    response: pagedView(await listPaymentsByStatus(ctx, merchantId, params.payment_status, {
      page: query.page ?? 1, limit: query.limit ?? 20, from: query.from ?? null, to: query.to ?? null, sorting: query.sorting ?? '-started',
    })),
  }),
});
