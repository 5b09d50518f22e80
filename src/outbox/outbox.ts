/**
 * The outbox loop: claims due webhook deliveries (leased, so several processes share the work without
 * sending one twice), POSTs them signed, and records each attempt. A delivery stays pending until a
 * 2xx or until its retry window ends, so nothing is lost to a receiver outage or a restart; a process
 * killed mid-send leaves a lease that expires and the delivery is sent again (receivers de-duplicate
 * by `webhook-id`).
 */
import type { AppContext } from '../app/context.ts';
import { groupWrites } from '../app/group-write.ts';
import { claimWebhooks, recordWebhookAttempts, type Delivery, type SendResult } from '../app/webhooks.ts';
import { keepAliveAgents, postWebhook } from './post-webhook.ts';
import { soonestTimer } from './soonest-timer.ts';

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
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let kickedWhileBusy = false;

  // Attempts are logged together (group-write.ts); a sender moves on to its next POST meanwhile.
  const record = groupWrites<{ delivery: Delivery; result: SendResult }>(async (sent) => void (await recordWebhookAttempts(ctx, o.owner, sent)));

  async function tick(): Promise<number> {
    const batch = await claimWebhooks(ctx, o.owner, o.batch);
    const recorded: Promise<void>[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const w = batch[next++]!;
        const result = await postWebhook(w.delivery.url, w.headers, w.delivery.body, { connectTimeoutMs: o.connectTimeoutMs, readTimeoutMs: o.readTimeoutMs, agents, policy: ctx.outbound });
        recorded.push(record({ delivery: w.delivery, result }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, batch.length) }, worker));
    await Promise.all(recorded);
    return batch.length;
  }

  const timer = soonestTimer(() => loop());
  function schedule(ms: number) {
    if (!stopped) timer.in(ms);
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
      timer.cancel();
      await running;
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
