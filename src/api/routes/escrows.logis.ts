/** POST / PUT / GET /escrows/logis/{imp_uid} (reference §3.7): escrow delivery registration. */
import { z } from 'zod';
import { getEscrowLogis, registerEscrowLogis, updateEscrowLogis, type EscrowLogis, type LogisInput } from '../../app/escrow-logis.ts';
import { bool, int, orNull, text } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';

const params = z.object({ imp_uid: z.string() });
const person = z.record(z.string(), z.unknown());
const body = z.object({
  sender: person.optional(),
  receiver: person.optional(),
  logis: z.object({ company: text().pipe(z.string().min(1)), invoice: text().pipe(z.string().min(1)), sent_at: int(), receiving_at: text().optional(), address: text().optional() }),
  products: z.array(z.unknown()).optional(),
  send_email: bool().optional(),
});
type Body = z.output<typeof body>;

const input = (b: Body): LogisInput => ({
  logis: { company: b.logis.company, invoice: b.logis.invoice, sentAt: b.logis.sent_at, receivingAt: orNull(b.logis.receiving_at), address: orNull(b.logis.address) },
  sender: b.sender ?? null, receiver: b.receiver ?? null, products: b.products ?? null,
});

const view = (l: EscrowLogis) => ({ company: l.company, invoice: l.invoice, sent_at: l.sentAt, applied_at: l.appliedAt });

const post = route({
  method: 'POST',
  url: '/escrows/logis/:imp_uid',
  schema: { summary: '에스크로 배송정보 등록', tags: ['escrow'], params, body },
  handler: async ({ ctx, merchantId, params: p, body: b }) => ({ response: view(await registerEscrowLogis(ctx, merchantId, p.imp_uid, input(b))) }),
});

const put = route({
  method: 'PUT',
  url: '/escrows/logis/:imp_uid',
  schema: { summary: '에스크로 배송정보 수정', tags: ['escrow'], params, body },
  handler: async ({ ctx, merchantId, params: p, body: b }) => ({ response: view(await updateEscrowLogis(ctx, merchantId, p.imp_uid, input(b))) }),
});

const get = route({
  method: 'GET',
  url: '/escrows/logis/:imp_uid',
  schema: { summary: '에스크로 배송정보 조회', tags: ['escrow'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: view(await getEscrowLogis(ctx, merchantId, p.imp_uid)) }),
});

export default [post, put, get] satisfies RouteDef[];
