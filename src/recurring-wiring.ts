/**
 * Composition of the recurring machinery, called from gateway.ts: the policy object the use cases
 * read, the outbox EventSink, and the scheduler and outbox loops with a process-unique lease owner.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { EventSink } from './app/context.ts';
import type { AppContext } from './app/context.ts';
import { outboxSink } from './app/outbox-sink.ts';
import type { RecurringSettings } from './app/recurring-settings.ts';
import type { RecurringConfig } from './config-recurring.ts';
import { startOutbox, type Outbox } from './outbox/outbox.ts';
import { startScheduler, type Scheduler } from './scheduler/scheduler.ts';
import { deleteExpiredTokens } from './storage/tokens.ts';

export function recurringSettings(c: RecurringConfig): RecurringSettings {
  return {
    scheduleRetry: { delaysSec: c.scheduleRetryDelaysSec, softDeclines: c.scheduleSoftDeclines },
    scheduleLeaseSec: c.scheduleLeaseSec,
    webhookRetry: { baseDelaySec: c.webhookRetryBaseSec, maxDelaySec: c.webhookRetryMaxDelaySec, retryForSec: c.webhookRetryForSec },
    webhookLeaseSec: c.webhookLeaseSec,
    idempotencyTtlSec: c.idempotencyTtlSec,
    idempotencyLockSec: c.idempotencyLockSec,
  };
}

/** The outbox sink, plus the hook that wakes this process's outbox loop once it runs. */
export function recurringSink(now: () => number, c: RecurringConfig): { sink: EventSink; wake: { kick(): void } } {
  const wake = { kick: () => undefined as void };
  const settings = recurringSettings(c);
  return { sink: outboxSink(now, () => settings, () => wake.kick()), wake };
}

export type Background = { scheduler: Scheduler | null; outbox: Outbox | null; owner: string; stop(): Promise<void> };

/** Deletes expired access tokens every `intervalMs` (any process may; a delete of none is harmless). */
function startTokenPurge(ctx: AppContext, intervalMs: number): { stop(): Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = deleteExpiredTokens(ctx.db, ctx.now())
      .then((n) => { if (n > 0) ctx.log.debug({ purged: n }, 'expired access tokens purged'); })
      .catch((err) => ctx.log.error({ err }, 'expired access token purge failed'));
  }, intervalMs);
  timer.unref();
  return { async stop() { clearInterval(timer); await running; } };
}

export function startBackground(ctx: AppContext, c: RecurringConfig, wake: { kick(): void }): Background {
  // Leases name their holder; pid plus random bytes stays unique across restarts and hosts.
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const scheduler = c.schedulerEnabled ? startScheduler(ctx, { owner, intervalMs: c.schedulerIntervalMs, batch: c.schedulerBatch, concurrency: c.schedulerConcurrency }) : null;
  const outbox = c.outboxEnabled
    ? startOutbox(ctx, { owner, intervalMs: c.outboxIntervalMs, batch: c.outboxBatch, concurrency: c.outboxConcurrency, connectTimeoutMs: c.webhookConnectTimeoutMs, readTimeoutMs: c.webhookReadTimeoutMs })
    : null;
  if (outbox) wake.kick = () => outbox.kick();
  const tokenPurge = startTokenPurge(ctx, c.tokenPurgeIntervalMs);
  return {
    scheduler, outbox, owner,
    async stop() {
      wake.kick = () => undefined;
      await Promise.all([scheduler?.stop(), outbox?.stop(), tokenPurge.stop()]);
    },
  };
}
