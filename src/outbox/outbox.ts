/**
 * The outbox loop: claims due webhook deliveries (leased, so several processes share the work without
 * sending one twice), POSTs them signed, and records each attempt. A delivery stays pending until a
 * 2xx or until its retry window ends, so nothing is lost to a receiver outage or a restart; a process
 * killed mid-send leaves a lease that expires and the delivery is sent again (receivers de-duplicate
 * by `webhook-id`).
 */
import type { AppContext } from '../app/context.ts';
import { claimWebhooks, recordWebhookAttempt, type OutgoingWebhook } from '../app/webhooks.ts';
import { keepAliveAgents, postWebhook } from './post-webhook.ts';

export type OutboxOptions = {
  owner: string; intervalMs: number; batch: number; concurrency: number; connectTimeoutMs: number; readTimeoutMs: number;
  /** false: no loop, only explicit tick() calls (tests). */
  autoStart?: boolean;
};

export type Outbox = {
  /** Look for work soon (called when an event was queued) instead of waiting for the interval. */
  kick(): void;
  /** One pass: claim, send, record. Returns how many were sent. */
  tick(): Promise<number>;
  stop(): Promise<void>;
};

export function startOutbox(ctx: AppContext, o: OutboxOptions): Outbox {
  const agents = keepAliveAgents();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let kickedWhileBusy = false;

  const send = async (w: OutgoingWebhook) => {
    const r = await postWebhook(w.delivery.url, w.headers, w.delivery.body, { connectTimeoutMs: o.connectTimeoutMs, readTimeoutMs: o.readTimeoutMs, agents, policy: ctx.outbound });
    await recordWebhookAttempt(ctx, o.owner, w.delivery, r);
  };

  async function tick(): Promise<number> {
    const batch = await claimWebhooks(ctx, o.owner, o.batch);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) await send(batch[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, batch.length) }, worker));
    return batch.length;
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(loop, ms);
  }

  function loop() {
    if (stopped || busy) return;
    busy = true;
    running = tick()
      .then((n) => (n >= o.batch ? 0 : o.intervalMs), (err) => {
        ctx.log.error({ err }, 'outbox pass failed');
        return o.intervalMs;
      })
      .then((ms) => {
        busy = false;
        schedule(kickedWhileBusy ? 0 : ms);
        kickedWhileBusy = false;
      });
  }

  if (o.autoStart === false) stopped = true;
  else schedule(0);
  return {
    kick() {
      if (busy) kickedWhileBusy = true;
      else schedule(5);
    },
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
