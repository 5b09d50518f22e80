/** /subscribe/customers/{customer_uid} GET, POST, DELETE and the multi-get (reference §3.6). */
import { z } from 'zod';
import { deleteBillingKey, getBillingKey, getBillingKeys, issueBillingKey } from '../../app/billing-keys.ts';
import { list, orNull, text } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';
import { customerSchema } from '../views/schemas.ts';
import { customerView } from '../views/customer.ts';

const params = z.object({ customer_uid: z.string() });

const get = route({
  method: 'GET',
  url: '/subscribe/customers/:customer_uid',
  schema: { summary: '빌링키 정보 조회', response: customerSchema, tags: ['subscribe.customer'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: customerView(await getBillingKey(ctx, merchantId, p.customer_uid)) }),
});

const issue = route({
  method: 'POST',
  url: '/subscribe/customers/:customer_uid',
  schema: {
    summary: '카드정보로 빌링키 발급 (API 키인)', response: customerSchema,
    tags: ['subscribe.customer'],
    params,
    body: z.object({
      card_number: text(), expiry: text(), birth: text().optional(), pwd_2digit: text().optional(), cvc: text().optional(),
      pg: text().optional(), channel_key: text().optional(), customer_id: text().optional(), customer_name: text().optional(),
      customer_tel: text().optional(), customer_email: text().optional(), customer_addr: text().optional(), customer_postcode: text().optional(),
    }),
  },
  handler: async ({ ctx, merchantId, params: p, body: b }) => ({
    response: customerView(await issueBillingKey(ctx, merchantId, p.customer_uid, {
      pg: orNull(b.pg),
      card: { card_number: b.card_number, expiry: b.expiry, birth: b.birth, pwd_2digit: b.pwd_2digit, cvc: b.cvc },
      customer: { customerId: orNull(b.customer_id), name: orNull(b.customer_name), tel: orNull(b.customer_tel), email: orNull(b.customer_email), addr: orNull(b.customer_addr), postcode: orNull(b.customer_postcode) },
    })),
  }),
});

const remove = route({
  method: 'DELETE',
  url: '/subscribe/customers/:customer_uid',
  schema: { summary: '빌링키 삭제', response: customerSchema, tags: ['subscribe.customer'], params, querystring: z.object({ reason: z.string().optional(), extra: z.object({ requester: z.string().optional() }).optional() }) },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: customerView(await deleteBillingKey(ctx, merchantId, p.customer_uid)) }),
});

const many = route({
  method: 'GET',
  url: '/subscribe/customers',
  schema: { summary: '여러 빌링키 정보 조회', response: z.array(customerSchema), tags: ['subscribe.customer'], querystring: z.object({ customer_uid: list() }) },
  handler: async ({ ctx, merchantId, query }) => {
    const r = await getBillingKeys(ctx, merchantId, query.customer_uid);
    return { status: r.complete ? 200 : 207, response: r.keys.map(customerView) };
  },
});

export default [get, issue, remove, many] satisfies RouteDef[];
