/** The background re-check of attempts whose PG outcome is unknown (ARCHITECTURE rule 5). */
import { findChannel } from '../storage/merchants.ts';
import { listInFlight } from '../storage/payments.ts';
import { resolveAttempt } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { resolveWindowAttempt } from './resolve-window-attempt.ts';
import type { ConfirmDeps } from './settle-window-outcome.ts';
import { isVbankIssueAttempt, recoverVbankIssue } from './vbank-recovery.ts';

/**
 * Asks the PG about every attempt in flight for longer than `olderThanSec` (well past the PG timeout,
 * so a "not found" is final); returns how many settled. Payment-window attempts (channel pc/mobile)
 * settle through the window logic (resolve-window-attempt.ts): a plain charge result would lose their
 * vbank, billing key and rsp fields. `deps`: how to reach merchants, since a window settled late may
 * still need its confirm_url (Paymentwall). A `POST /vbanks` issue settles from the PG's books (vbank-recovery.ts):
 * a vbank waiting for its deposit is no charge result.
 */
export async function resolveUnknownAttempts(ctx: AppContext, olderThanSec: number, limit = 100, deps: ConfirmDeps = { fetch }): Promise<number> {
  const stale = await listInFlight(ctx.db, ctx.now() - olderThanSec, limit);
  let settled = 0;
  for (const attempt of stale) {
    const connector = ctx.pg.connector(attempt.pgProvider);
    const channel = attempt.channelId === null ? null : await findChannel(ctx.db, attempt.merchantId, attempt.channelId);
    if (!connector || !channel) continue;
    const isWindow = attempt.channel === 'pc' || attempt.channel === 'mobile';
    const done = isWindow
      ? await resolveWindowAttempt(ctx, deps, attempt, true)
      : isVbankIssueAttempt(attempt)
        ? await recoverVbankIssue(ctx, connector, ctx.pg.contextFor(channel), channel, attempt, true)
        : await resolveAttempt(ctx, connector, ctx.pg.contextFor(channel), attempt, true);
    if (done) settled++;
  }
  return settled;
}
