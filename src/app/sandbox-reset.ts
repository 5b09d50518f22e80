/**
 * Sandbox reset (openimp extension, docs/testing.md): wipes what a merchant's tests left behind on its
 * sandbox channels so several test runs can share one gateway. Test and live channels' data stay;
 * a merchant with none of those also loses its prepares and Idempotency-Key records.
 */
import { listChannels } from '../storage/merchants.ts';
import { wipeSandboxData, type SandboxWipe } from '../storage/sandbox-reset.ts';
import type { AppContext } from './context.ts';

export type { SandboxWipe };

export async function resetSandboxData(ctx: AppContext, merchantId: number): Promise<SandboxWipe> {
  const sandboxOnly = (await listChannels(ctx.db, merchantId)).every((c) => c.sandbox);
  const wiped = await ctx.db.tx((q) => wipeSandboxData(q, merchantId, sandboxOnly));
  ctx.log.info({ merchantId, ...wiped }, 'sandbox data reset');
  return wiped;
}
