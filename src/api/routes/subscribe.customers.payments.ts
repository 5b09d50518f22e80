/** GET /subscribe/customers/{customer_uid}/payments (reference §3.6): paged payments of a billing key. */
import { z } from 'zod';
import { listCustomerPayments } from '../../app/find-payments.ts';
import { page } from '../fields.ts';
import { route } from '../route.ts';
import { pagedPaymentsSchema } from '../views/schemas.ts';
import { pagedView } from '../views/payment.ts';

export default route({
  method: 'GET',
  url: '/subscribe/customers/:customer_uid/payments',
  schema: { summary: '빌링키로 결제된 내역 조회', response: pagedPaymentsSchema, tags: ['subscribe.customer'], params: z.object({ customer_uid: z.string() }), querystring: z.object({ page: page() }) },
  handler: async ({ ctx, merchantId, params, query }) => ({ response: pagedView(await listCustomerPayments(ctx, merchantId, params.customer_uid, query.page ?? 1, 20)) }),
});
