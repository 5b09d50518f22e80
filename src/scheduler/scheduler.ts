/**
 * The scheduler loop: every interval it runs the due schedules (app/run-schedules.ts holds the
 * exactly-once logic: leases, SKIP LOCKED, the merchant_uid claim) and drops expired idempotency keys.
 * A pass keeps `concurrency` charges in flight while claims of `batch` come back full; a pass that
 * claimed a full batch starts the next one at once.
 */
import type { AppContext } from '../app/context.ts';
import { purgeIdempotencyKeys } from '../app/idempotency.ts';
import { runDueSchedules, type RunReport } from '../app/run-schedules.ts';

export type SchedulerOptions = { owner: string; intervalMs: number; batch: number; concurrency: number };

export type Scheduler = { tick(): Promise<RunReport>; stop(): Promise<void> };

const PURGE_EVERY_MS = 60_000;

export function startScheduler(ctx: AppContext, o: SchedulerOptions): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let lastPurge = 0;

  // A pass goes on claiming while claims come back full, until stop() (which then waits for what is leased).
  const tick = () => runDueSchedules(ctx, o.owner, { limit: o.batch, concurrency: o.concurrency, more: () => !stopped });

  function loop() {
    if (stopped) return;
    running = (async () => {
      let wait = o.intervalMs;
      try {
        const r = await tick();
        if (r.claimed >= o.batch) wait = 0;
        if (Date.now() - lastPurge > PURGE_EVERY_MS) {
          lastPurge = Date.now();
          await purgeIdempotencyKeys(ctx);
        }
      } catch (err) {
        ctx.log.error({ err }, 'scheduler pass failed');
      }
      if (!stopped) timer = setTimeout(loop, wait);
    })();
  }

  timer = setTimeout(loop, 0);
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
