/**
 * The browser came back from the PG window. Nothing it carries is trusted: the attempt claims its
 * order (in flight), the merchant's confirm_url is asked where the gateway is about to have the PG
 * approve, the PG's return parameters are kept, the gateway asks the PG server-to-server
 * (`window.complete`), and only then settles the payment (settle-window-outcome.ts). A second return
 * for the same attempt changes nothing.
 */
import { PgTransportError, type Connector } from '../connectors/contract.ts';
import type { Payment } from '../core/payment.ts';
import { claimWindowAttempt, getSession, releaseWindowAttempt, savePgReturn, type CheckoutSession } from '../storage/checkout-sessions.ts';
import { findChannel, type Channel } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';
import { confirmBeforeApproval, failAlreadyPaid, settleWindowOutcome } from './settle-window-outcome.ts';
import type { CheckoutDeps } from './start-checkout.ts';

export type CheckoutState = { payment: Payment; session: CheckoutSession };

/** Still waiting: the PG reports later (Paymentwall), or another request is settling this attempt. */
export const isAwaitingResult = (p: Payment): boolean => p.status === 'ready' && p.inFlight;

export async function loadCheckout(ctx: AppContext, impUid: string): Promise<CheckoutState | null> {
  const session = await getSession(ctx.db, impUid);
  if (!session) return null;
  const payment = await getPayment(ctx.db, session.merchantId, impUid);
  return payment ? { payment, session } : null;
}

export async function attemptParts(ctx: AppContext, s: CheckoutState): Promise<{ channel: Channel; connector: Connector } | null> {
  const channel = s.payment.channelId === null ? null : await findChannel(ctx.db, s.payment.merchantId, s.payment.channelId);
  const connector = ctx.pg.connector(s.payment.pgProvider);
  return channel && connector?.window ? { channel, connector } : null;
}

/** null when there is no such checkout. */
export async function completeCheckout(ctx: AppContext, deps: CheckoutDeps, impUid: string, returned: Record<string, string>): Promise<CheckoutState | null> {
  const state = await loadCheckout(ctx, impUid);
  if (!state) return null;
  const { payment, session } = state;
  if (payment.status !== 'ready' || payment.inFlight || payment.vbankNum !== null) return state; // settled, or being settled
  const parts = await attemptParts(ctx, state);
  if (!parts) return state;

  const claim = await claimWindowAttempt(ctx.db, payment.merchantId, impUid, ctx.now());
  if (claim === 'not_ready') return (await loadCheckout(ctx, impUid))!;
  const attempt = { payment: { ...payment, inFlight: claim === 'claimed' }, session, ...parts };
  const window = parts.connector.window!;
  const reload = async (p: Payment): Promise<CheckoutState> => ({ payment: p, session: (await getSession(ctx.db, impUid)) ?? session });

  // Where `complete` is the approval, everything that could refuse the payment is settled before it,
  // so a refusal never charges (no approve-then-cancel): the order taken, then confirm_url (§8.2).
  const approvesHere = window.approvesOnComplete?.({ orderId: impUid, returned }) ?? false;
  if (approvesHere && claim === 'order_taken') return reload(await failAlreadyPaid(ctx, attempt));
  if (approvesHere) {
    const refused = await confirmBeforeApproval(ctx, deps, attempt);
    if (refused) return reload(refused);
  }
  // Kept right before the PG is asked (and only once the merchant agreed), so the re-check can ask
  // again if this call's outcome stays unknown. Without it the re-check only reads the PG's records.
  if (claim === 'claimed') await savePgReturn(ctx.db, impUid, returned);

  let outcome;
  try {
    outcome = await window.complete(ctx.pg.contextFor(parts.channel), { orderId: impUid, returned, amount: session.displayAmount, currency: payment.currency, buyer: { email: payment.buyerEmail, name: payment.buyerName }, name: payment.name });
  } catch (e) {
    if (e instanceof PgTransportError && claim === 'claimed') {
      // Unknown: stays in flight; the background re-check asks the PG later (ARCHITECTURE rule 5).
      ctx.log.warn({ imp_uid: impUid, reason: e.reason }, 'window completion could not reach the PG');
      return { payment: attempt.payment, session };
    }
    if (claim === 'claimed') await releaseWindowAttempt(ctx.db, impUid);
    throw e;
  }
  return reload(await settleWindowOutcome(ctx, deps, attempt, outcome, { orderTaken: claim === 'order_taken', confirmed: approvesHere }));
}
