/** POST|PUT /payments/prepare and GET /payments/prepare/{merchant_uid} (reference §3.3). */
import { z } from 'zod';
import { createPrepare, getPrepare, updatePrepare } from '../../app/prepare-payment.ts';
import { amount, text } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';

const body = z.object({ merchant_uid: text(), amount: amount(), currency: z.string().nullable().optional() });
const response = z.object({ merchant_uid: z.string(), amount: z.number(), currency: z.string().nullable() });

const create = route({
  method: 'POST',
  url: '/payments/prepare',
  schema: { summary: '결제금액 사전등록', tags: ['payments'], body, response },
  handler: async ({ ctx, merchantId, body: b }) => ({ response: await createPrepare(ctx, merchantId, b.merchant_uid, b.amount, b.currency) }),
});

const update = route({
  method: 'PUT',
  url: '/payments/prepare',
  schema: { summary: '사전등록된 결제금액 수정', tags: ['payments'], body, response },
  handler: async ({ ctx, merchantId, body: b }) => ({ response: await updatePrepare(ctx, merchantId, b.merchant_uid, b.amount, b.currency) }),
});

const get = route({
  method: 'GET',
  url: '/payments/prepare/:merchant_uid',
  schema: { summary: '사전등록된 결제금액 조회', tags: ['payments'], params: z.object({ merchant_uid: z.string() }), response },
  handler: async ({ ctx, merchantId, params }) => ({ response: await getPrepare(ctx, merchantId, params.merchant_uid) }),
});

export default [create, update, get] satisfies RouteDef[];
