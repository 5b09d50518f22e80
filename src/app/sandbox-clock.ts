/**
 * Test clocks for sandbox merchants (like Stripe test clocks): moving a merchant's clock forward makes
 * its schedules due as if that time had passed, and runs them at once. Only which schedules are due
 * follows the test clock; payments keep real timestamps. Live merchants cannot have one.
 */
import { GatewayError } from '../core/errors.ts';
import { listChannels } from '../storage/merchants.ts';
import * as repo from '../storage/schedules.ts';
import type { AppContext } from './context.ts';
import { runDueSchedules, type RunReport } from './run-schedules.ts';

export const MAX_ADVANCE_SEC = 10 * 366 * 24 * 3600;

export type SandboxClock = { offset: number; now: number; realNow: number };

async function assertSandboxMerchant(ctx: AppContext, merchantId: number): Promise<void> {
  const live = (await listChannels(ctx.db, merchantId, { enabledOnly: true })).filter((c) => !c.sandbox);
  if (live.length > 0) throw new GatewayError('SANDBOX_CLOCK_LIVE_MERCHANT');
}

export async function getSandboxClock(ctx: AppContext, merchantId: number): Promise<SandboxClock> {
  const offset = await repo.getClockOffset(ctx.db, merchantId);
  const realNow = ctx.now();
  return { offset, now: realNow + offset, realNow };
}

/** Moves the clock forward by `seconds` and runs every schedule that became due; returns what ran. */
export async function advanceSandboxClock(ctx: AppContext, merchantId: number, seconds: number): Promise<SandboxClock & { ran: RunReport }> {
  const owner = `clock:${Buffer.from(ctx.random(8)).toString('hex')}`;
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SEC) throw new GatewayError('BAD_REQUEST', `seconds 는 1 이상 ${MAX_ADVANCE_SEC} 이하의 정수여야 합니다.`);
  await assertSandboxMerchant(ctx, merchantId);
  await repo.addClockOffset(ctx.db, merchantId, seconds, ctx.now());
  const ran: RunReport = { claimed: 0, paid: 0, failed: 0, deferred: 0 };
  // Bounded: a merchant with a huge backlog gets the rest from the background scheduler.
  for (let i = 0; i < 20; i++) {
    const r = await runDueSchedules(ctx, owner, { limit: 500, concurrency: 4, merchantId });
    for (const k of Object.keys(ran) as (keyof RunReport)[]) ran[k] += r[k];
    if (r.claimed === 0 || r.claimed === r.deferred) break;
  }
  return { ...(await getSandboxClock(ctx, merchantId)), ran };
}

/** Back to real time; schedules already run stay run. */
export async function resetSandboxClock(ctx: AppContext, merchantId: number): Promise<SandboxClock> {
  await repo.resetClock(ctx.db, merchantId);
  return getSandboxClock(ctx, merchantId);
}
