/**
 * The background re-check of a payment-window attempt left in flight: its `window.complete` call timed
 * out (the PG may or may not have approved), or an asynchronous PG (Paymentwall) has not reported yet.
 * Never guessed (ARCHITECTURE rule 5), and settled through the window logic, not as a plain charge, so
 * vbank issuances, billing keys and the session's rsp fields come out as the window would have made them:
 *  1. with the PG return kept at claim time, the PG is asked again through `window.complete`: approval
 *     APIs answer a repeated request for one authentication with their first answer (the sandbox PGs keep
 *     it, src/connectors/sandbox-operations.ts), so nothing is charged twice;
 *  2. without one, or while the PG still says `pending`, its transaction record (`getTransaction`) decides
 *     what that record can express: a decline, a plain approval, or (when final) that it never happened.
 *     A billing window's approval is not settled from it (the key is not in the record): the PG's report
 *     settles that one, and the attempt stays unknown meanwhile.
 */
import { PgTransportError } from '../connectors/contract.ts';
import type { Payment } from '../core/payment.ts';
import { openedRef } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { attemptParts, loadCheckout } from './complete-checkout.ts';
import { failUnreached, settleWindowOutcome, type ConfirmDeps } from './settle-window-outcome.ts';

/** null when the PG still cannot tell (or the attempt is not a window's). */
export async function resolveWindowAttempt(ctx: AppContext, deps: ConfirmDeps, attempt: Payment, notFoundIsFinal: boolean): Promise<Payment | null> {
  const state = await loadCheckout(ctx, attempt.impUid);
  const parts = state && (await attemptParts(ctx, state));
  if (!state || !parts) return null;
  const a = { payment: attempt, session: state.session, ...parts };
  const window = parts.connector.window!;
  const cctx = ctx.pg.contextFor(parts.channel);
  const returned = state.session.pgReturn;
  // Where `complete` approves, the return is kept only after confirm_url agreed (complete-checkout.ts): not again.
  const confirmed = returned !== null && (window.approvesOnComplete?.({ orderId: attempt.impUid, returned }) ?? false);
  try {
    if (returned !== null) {
      const outcome = await window.complete(cctx, { orderId: attempt.impUid, returned, amount: state.session.displayAmount, currency: attempt.currency, buyer: { email: attempt.buyerEmail, name: attempt.buyerName }, name: attempt.name });
      if (outcome.kind !== 'pending') return await settleWindowOutcome(ctx, deps, a, outcome, { confirmed });
    }
    const status = await parts.connector.getTransaction(cctx, { orderId: attempt.impUid, pgRef: openedRef(ctx, attempt), returned, startedAt: attempt.startedAt });
    switch (status.kind) {
      case 'declined':
        return await settleWindowOutcome(ctx, deps, a, status);
      case 'approved':
        if (state.session.billingCustomerUid !== null || attempt.payMethod === 'vbank') {
          ctx.log.warn({ imp_uid: attempt.impUid }, 'window attempt approved at the PG, but its record lacks the key / account: waiting for the PG report');
          return null;
        }
        return await settleWindowOutcome(ctx, deps, a, { ...status, payMethod: attempt.payMethod, bank: null, embPgProvider: null }, { confirmed });
      case 'not_found':
        // Long after any PG call could still be running, the PG never recorded it: nothing was charged.
        return notFoundIsFinal ? await failUnreached(ctx, a) : null;
      case 'pending':
        return null;
    }
  } catch (e) {
    if (e instanceof PgTransportError) return null;
    throw e;
  }
}
