/**
 * openimp extension (not in V1): the webhook delivery log, manual redelivery, and the Standard
 * Webhooks signing secret that verifies `webhook-signature` (docs/webhooks.md).
 */
import { z } from 'zod';
import { getWebhookDelivery, listWebhookDeliveries, redeliverWebhook, rotateWebhookSecret, webhookSecret, type DeliveryWithLog } from '../../app/webhooks.ts';
import { int } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';

const view = (d: DeliveryWithLog) => ({
  id: d.id, webhook_id: d.messageId, imp_uid: d.impUid, event: d.eventKind, url: d.url, body: d.body, state: d.state,
  attempts: d.attempts, next_attempt_at: d.state === 'pending' ? d.nextAttemptAt : null, retry_until: d.retryUntil,
  created_at: d.createdAt, delivered_at: d.deliveredAt,
  log: d.log.map((a) => ({ attempted_at: a.attemptedAt, duration_ms: a.durationMs, http_status: a.httpStatus, error: a.error, response_excerpt: a.responseExcerpt })),
});

const params = z.object({ id: int() });

const list = route({
  method: 'GET',
  url: '/webhooks/deliveries',
  schema: {
    summary: '웹훅 전송 기록 (openimp 확장)',
    tags: ['openimp.webhooks'],
    querystring: z.object({ imp_uid: z.string().optional(), state: z.enum(['pending', 'delivered', 'failed']).optional(), limit: int().pipe(z.number().int().min(1).max(500)).optional() }),
  },
  handler: async ({ ctx, merchantId, query: q }) => ({
    response: (await listWebhookDeliveries(ctx, merchantId, { impUid: q.imp_uid ?? null, state: q.state ?? null, limit: q.limit ?? 100 })).map(view),
  }),
});

const one = route({
  method: 'GET',
  url: '/webhooks/deliveries/:id',
  schema: { summary: '웹훅 전송 기록 조회 (openimp 확장)', tags: ['openimp.webhooks'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: view(await getWebhookDelivery(ctx, merchantId, p.id)) }),
});

const redeliver = route({
  method: 'POST',
  url: '/webhooks/deliveries/:id/redeliver',
  schema: { summary: '웹훅 재전송 (openimp 확장)', tags: ['openimp.webhooks'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: view(await redeliverWebhook(ctx, merchantId, p.id)) }),
});

const secret = route({
  method: 'GET',
  url: '/webhooks/secret',
  schema: { summary: '웹훅 서명 비밀키 (Standard Webhooks, openimp 확장)', tags: ['openimp.webhooks'] },
  handler: async ({ ctx, merchantId }) => ({ response: { secret: await webhookSecret(ctx, merchantId) } }),
});

const rotate = route({
  method: 'POST',
  url: '/webhooks/secret/rotate',
  schema: { summary: '웹훅 서명 비밀키 교체 (openimp 확장)', tags: ['openimp.webhooks'] },
  handler: async ({ ctx, merchantId }) => ({ response: { secret: await rotateWebhookSecret(ctx, merchantId) } }),
});

export default [list, one, redeliver, secret, rotate] satisfies RouteDef[];
