/** The background re-check of attempts whose PG outcome is unknown (ARCHITECTURE rule 5). */
import { findChannel } from '../storage/merchants.ts';
import { listInFlight } from '../storage/payments.ts';
import { resolveAttempt } from './charge-attempt.ts';
import type { AppContext } from './context.ts';

/**
 * Asks the PG about every attempt in flight for longer than `olderThanSec` (well past the PG timeout,
 * so a "not found" is final); returns how many settled.
 */
export async function resolveUnknownAttempts(ctx: AppContext, olderThanSec: number, limit = 100): Promise<number> {
  const stale = await listInFlight(ctx.db, ctx.now() - olderThanSec, limit);
  let settled = 0;
  for (const attempt of stale) {
    const connector = ctx.pg.connector(attempt.pgProvider);
    const channel = attempt.channelId === null ? null : await findChannel(ctx.db, attempt.merchantId, attempt.channelId);
    if (!connector || !channel) continue;
    if (await resolveAttempt(ctx, connector, ctx.pg.contextFor(channel), attempt, true)) settled++;
  }
  return settled;
}
