/** Applies a payment event and saves the result with its announcements in one transaction (rule 7). */
import { GatewayError } from '../core/errors.ts';
import { applyTransition, type Payment, type PaymentEvent } from '../core/payment.ts';
import type { Queryable } from '../storage/db.ts';
import { insertDeliveries } from '../storage/outbox.ts';
import { getPayment, insertCancellation, settleInFlightPayment, updatePayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

/** Locks the payment, applies `event`, writes the payment (+ cancellation row) and its outbox events. */
export async function transitionIn(ctx: AppContext, q: Queryable, merchantId: number, impUid: string, event: PaymentEvent, before?: (p: Payment) => Promise<void>): Promise<Payment> {
  const current = await getPayment(q, merchantId, impUid, { forUpdate: true });
  if (!current) throw new GatewayError('PAYMENT_NOT_FOUND');
  if (before) await before(current);
  const r = applyTransition(current, event);
  if (!r.ok) throw new GatewayError('INTERNAL', `illegal transition ${r.event} from ${r.from} on ${impUid}`);
  if (event.type === 'cancel') await insertCancellation(q, impUid, event.entry);
  await updatePayment(q, r.payment);
  if ((await insertDeliveries(q, ctx.events.deliveries(r.payment, r.events))) > 0) ctx.events.queued();
  return r.payment;
}

export function transition(ctx: AppContext, merchantId: number, impUid: string, event: PaymentEvent): Promise<Payment> {
  return ctx.db.tx((q) => transitionIn(ctx, q, merchantId, impUid, event));
}

/**
 * `transition` settling an attempt in flight. Whoever settles it first wins: when something else (the
 * background re-check, a late PG answer) already settled it, nothing is written and that payment is
 * the answer, so a PG answer arriving after the re-check never turns into an error.
 */
export function transitionInFlight(ctx: AppContext, merchantId: number, impUid: string, event: Exclude<PaymentEvent, { type: 'cancel' }>): Promise<Payment> {
  return ctx.db.tx(async (q) => {
    const current = await getPayment(q, merchantId, impUid, { forUpdate: true });
    if (!current || current.inFlight) return transitionIn(ctx, q, merchantId, impUid, event);
    const agrees = event.type === 'approve' ? current.status === 'paid' || current.status === 'cancelled' : event.type !== 'fail' || current.status === 'failed';
    if (!agrees) ctx.log.error({ imp_uid: impUid, settled_as: current.status, pg_answer: event.type }, 'attempt was settled otherwise than this PG answer says');
    return current;
  });
}

/**
 * `transition` for an in-flight attempt the caller holds as written (its own claim): no locking re-read;
 * the update applies only while the row is still that in-flight attempt, and it is written with its
 * deliveries in one statement (one round trip, its own transaction). If something else settled it
 * first, nothing is written and the locked path runs instead (transitionInFlight).
 */
export async function transitionClaimed(ctx: AppContext, attempt: Payment, event: Exclude<PaymentEvent, { type: 'cancel' }>): Promise<Payment> {
  const r = attempt.inFlight ? applyTransition(attempt, event) : null;
  if (r?.ok) {
    const done = await settleInFlightPayment(ctx.db, attempt, r.payment, ctx.events.deliveries(r.payment, r.events));
    if (done.queued > 0) ctx.events.queued();
    if (done.updated) return r.payment;
  }
  return attempt.inFlight ? transitionInFlight(ctx, attempt.merchantId, attempt.impUid, event) : transition(ctx, attempt.merchantId, attempt.impUid, event);
}
