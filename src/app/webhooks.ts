/**
 * Webhook delivery use cases: the outbox loop claims, signs and records through these; merchants list
 * deliveries with their attempt log, redeliver one, and read or rotate their signing secret.
 */
import { GatewayError } from '../core/errors.ts';
import { isDelivered, webhookRetryDelay } from '../core/webhook-event.ts';
import * as repo from '../storage/outbox.ts';
import type { Attempt, Delivery, DeliveryState } from '../storage/outbox.ts';
import type { AppContext } from './context.ts';
import { recurringOf } from './recurring-settings.ts';
import { newWebhookSecret, webhookHeaders, webhookMessageId } from './webhook-signature.ts';

export type { Attempt, Delivery, DeliveryState };

/** A claimed delivery with everything needed to send it. */
export type OutgoingWebhook = { delivery: Delivery; headers: Record<string, string> };

/** The merchant's signing secret, created on first use. */
export async function webhookSecret(ctx: AppContext, merchantId: number): Promise<string> {
  const sealed = (await repo.getWebhookSecret(ctx.db, merchantId)) ?? (await repo.insertWebhookSecret(ctx.db, merchantId, ctx.box.seal(newWebhookSecret()), ctx.now()));
  return ctx.box.open(sealed);
}

export async function rotateWebhookSecret(ctx: AppContext, merchantId: number): Promise<string> {
  const secret = newWebhookSecret();
  await repo.replaceWebhookSecret(ctx.db, merchantId, ctx.box.seal(secret), ctx.now());
  return secret;
}

/** Leases up to `limit` due deliveries for `owner` and signs them. */
export async function claimWebhooks(ctx: AppContext, owner: string, limit: number): Promise<OutgoingWebhook[]> {
  const now = ctx.now();
  // One statement (FOR UPDATE SKIP LOCKED inside it): no explicit transaction needed.
  const claimed = await repo.claimDeliveries(ctx.db, now, limit, owner, now + recurringOf(ctx).webhookLeaseSec);
  const secrets = new Map<number, string>();
  const out: OutgoingWebhook[] = [];
  for (const d of claimed) {
    let secret = secrets.get(d.merchantId);
    if (secret === undefined) secrets.set(d.merchantId, (secret = await webhookSecret(ctx, d.merchantId)));
    out.push({ delivery: d, headers: webhookHeaders(secret, webhookMessageId(d.id), now, d.body) });
  }
  return out;
}

export type SendResult = { httpStatus: number | null; error: string | null; responseExcerpt: string | null; durationMs: number };

/**
 * Logs attempts in one statement and decides for each: delivered, retry later (exponential backoff), or
 * given up; their new states, in order.
 */
export async function recordWebhookAttempts(ctx: AppContext, owner: string, sent: { delivery: Delivery; result: SendResult }[]): Promise<DeliveryState[]> {
  const now = ctx.now();
  const policy = recurringOf(ctx).webhookRetry;
  const list = sent.map(({ delivery: d, result: r }) => {
    let state: DeliveryState = 'delivered';
    let next = now;
    if (!isDelivered(r.httpStatus)) {
      next = now + webhookRetryDelay(policy, d.attempts + 1);
      state = next > d.retryUntil ? 'failed' : 'pending';
    }
    return { id: d.id, attempt: { attemptedAt: now, ...r }, outcome: { state, nextAttemptAt: next, deliveredAt: state === 'delivered' ? now : null } };
  });
  const written = await repo.recordAttempts(ctx.db, owner, list);
  return sent.map(({ delivery: d }, i) => {
    const state = list[i]!.outcome.state;
    if (!written.has(d.id)) ctx.log.warn({ delivery: d.id }, 'webhook lease lost before the attempt was recorded');
    if (state === 'failed') ctx.log.warn({ delivery: d.id, imp_uid: d.impUid }, 'webhook given up after retries');
    return state;
  });
}

export type DeliveryWithLog = Delivery & { messageId: string; log: Attempt[] };

export async function listWebhookDeliveries(ctx: AppContext, merchantId: number, f: { impUid: string | null; state: DeliveryState | null; limit: number }): Promise<DeliveryWithLog[]> {
  const list = await repo.listDeliveries(ctx.db, merchantId, f);
  return Promise.all(list.map(async (d) => ({ ...d, messageId: webhookMessageId(d.id), log: await repo.listAttempts(ctx.db, d.id) })));
}

export async function getWebhookDelivery(ctx: AppContext, merchantId: number, id: number): Promise<DeliveryWithLog> {
  const d = await repo.getDelivery(ctx.db, merchantId, id);
  if (!d) throw new GatewayError('WEBHOOK_DELIVERY_NOT_FOUND');
  return { ...d, messageId: webhookMessageId(d.id), log: await repo.listAttempts(ctx.db, d.id) };
}

/** Sends a delivery again now (same message id and body), whatever its state. */
export async function redeliverWebhook(ctx: AppContext, merchantId: number, id: number): Promise<DeliveryWithLog> {
  const now = ctx.now();
  const d = await repo.requeueDelivery(ctx.db, merchantId, id, now, now + recurringOf(ctx).webhookRetry.retryForSec);
  if (!d) throw new GatewayError('WEBHOOK_DELIVERY_NOT_FOUND');
  return getWebhookDelivery(ctx, merchantId, id);
}
