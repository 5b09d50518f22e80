/**
 * Settling a cancel attempt (storage/cancel-attempts.ts) exactly once: from the PG's answer when it
 * came, otherwise (a timeout, a crash between the PG's answer and the commit) from the PG's own record,
 * by the next cancel of the payment or the background re-check. A refund the PG made becomes a
 * cancellation with its webhook; one it never made releases the hold (docs/architecture.md).
 */
import { PgTransportError, type Connector, type ConnectorContext, type PgRefunds } from '../connectors/contract.ts';
import { cancellableAmount, type Payment } from '../core/payment.ts';
import { openedRef } from './charge-attempt.ts';
import { closeCancelAttempt, listStaleCancelAttempts, type CancelAttempt } from '../storage/cancel-attempts.ts';
import type { Queryable } from '../storage/db.ts';
import { findChannel } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';
import { transitionIn } from './persist-transition.ts';

export type Refund = { pgCancelTid: string | null; receiptUrl: string | null };

/** The payment after settling; `won`: this call settled the attempt (false: someone else had). */
type Outcome = { payment: Payment; won: boolean };

/** More to write in the settling transaction, only when this call settles the attempt (an operator's record). */
type Also = (q: Queryable) => Promise<void>;

/** Records the attempt's refund as a cancellation, unless someone else settled the attempt first. */
export async function recordCancel(ctx: AppContext, a: CancelAttempt, refund: Refund): Promise<Payment> {
  return (await record(ctx, a, refund)).payment;
}

export function record(ctx: AppContext, a: CancelAttempt, refund: Refund, also?: Also): Promise<Outcome> {
  return ctx.db.tx(async (q) => {
    const p = await getPayment(q, a.merchantId, a.impUid, { forUpdate: true }); // the payment first, as when it was opened
    if (!(await closeCancelAttempt(q, a.attemptId, 'made', ctx.now()))) return { payment: p!, won: false };
    await also?.(q);
    const payment = await transitionIn(ctx, q, a.merchantId, a.impUid, {
      type: 'cancel', at: ctx.now(), requestedBy: a.requestedBy, enableWebhook: a.enableWebhook,
      entry: {
        cancellationId: a.attemptId, pgTid: refund.pgCancelTid, amount: a.amount, taxFree: a.taxFree, reason: a.reason,
        cancelledAt: ctx.now(), receiptUrl: refund.receiptUrl,
      },
    });
    return { payment, won: true };
  });
}

/** The PG did not refund: the hold goes, nothing else changes. */
export async function releaseAttempt(ctx: AppContext, a: CancelAttempt): Promise<Payment> {
  return (await release(ctx, a)).payment;
}

export function release(ctx: AppContext, a: CancelAttempt, also?: Also): Promise<Outcome> {
  return ctx.db.tx(async (q) => {
    const p = await getPayment(q, a.merchantId, a.impUid, { forUpdate: true });
    const won = await closeCancelAttempt(q, a.attemptId, 'not_made', ctx.now());
    if (won) await also?.(q);
    return { payment: p!, won };
  });
}

/**
 * The attempt's refund in the PG's books, or null. By our request id where the PG reports it; else a
 * listed refund we have not recorded, of the attempt's amount; else (a total only) the PG having
 * refunded at least that much more than we recorded.
 */
export function findRefund(a: CancelAttempt, p: Payment, refunds: PgRefunds): Refund | null {
  if (refunds.cancels === null) {
    // Its refund id is not known then; a later refund notification names it (claimUnnamedMadeAttempt).
    return refunds.total - p.cancelAmount >= a.amount ? { pgCancelTid: null, receiptUrl: null } : null;
  }
  const own = refunds.cancels.find((c) => c.requestId === a.attemptId);
  if (own) return { pgCancelTid: own.pgCancelTid, receiptUrl: null };
  const recorded = new Set(p.cancelHistory.map((h) => h.pgTid));
  const unrecorded = refunds.cancels.find((c) => c.requestId === null && !recorded.has(c.pgCancelTid) && c.amount === a.amount);
  return unrecorded ? { pgCancelTid: unrecorded.pgCancelTid, receiptUrl: null } : null;
}

export type Settled = ({ kind: 'made' | 'not_made' } & Outcome) | { kind: 'unknown' };

/**
 * Asks the PG what became of an open attempt and settles it. `final`: no PG call of the attempt can
 * still be running (its lease ran out), so a refund the PG does not hold releases the hold; before
 * that, the PG may still be working on it and the attempt stays open (unknown is not a result).
 */
export async function settleFromPgRecord(ctx: AppContext, a: CancelAttempt, final: boolean): Promise<Settled> {
  const p = await getPayment(ctx.db, a.merchantId, a.impUid);
  const connector = p ? ctx.pg.connector(p.pgProvider) : null;
  const channel = p?.channelId == null ? null : await findChannel(ctx.db, a.merchantId, p.channelId);
  if (!p || !connector || !channel) return { kind: 'unknown' };
  if (connector.repeatFullCancel && isFullCancel(a, p)) return repeatFullCancel(ctx, connector, ctx.pg.contextFor(channel), a, p);
  let refunds: PgRefunds | null;
  try {
    const status = await connector.getTransaction(ctx.pg.contextFor(channel), { orderId: a.impUid, pgRef: openedRef(ctx, p), startedAt: p.startedAt, cancelRequestId: a.attemptId });
    if (status.kind === 'pending') return { kind: 'unknown' };
    refunds = status.kind === 'approved' ? status.refunds : null;
  } catch (e) {
    if (e instanceof PgTransportError) return { kind: 'unknown' };
    throw e;
  }
  const refund = refunds ? findRefund(a, p, refunds) : null;
  if (refund) {
    ctx.log.warn({ imp_uid: a.impUid, cancellation_id: a.attemptId }, 'cancel settled from the PG record: refunded');
    return { kind: 'made', ...(await record(ctx, a, refund)) };
  }
  if (!final) return { kind: 'unknown' };
  ctx.log.warn({ imp_uid: a.impUid, cancellation_id: a.attemptId }, 'cancel settled from the PG record: not refunded, hold released');
  return { kind: 'not_made', ...(await release(ctx, a)) };
}

/** The attempt takes the whole payment, nothing refunded before it (the hold is its own, not in cancelAmount). */
const isFullCancel = (a: CancelAttempt, p: Payment): boolean => p.cancelAmount === 0 && a.amount === p.amount;

/**
 * A PG without a record to read, whose full cancel may be asked again (Connector.repeatFullCancel,
 * JTNet): its answer settles the attempt as refunded; no answer, or a refusal, leaves it unknown (an
 * operator settles it: operator-settlement.ts). A repeat cannot tell "never refunded" from a refusal.
 */
async function repeatFullCancel(ctx: AppContext, connector: Connector, cctx: ConnectorContext, a: CancelAttempt, p: Payment): Promise<Settled> {
  let result;
  try {
    result = await connector.repeatFullCancel!(cctx, {
      orderId: p.impUid, requestId: a.attemptId, pgTid: p.pgTid ?? '', pgRef: openedRef(ctx, p), amount: a.amount, taxFree: a.taxFree, currency: p.currency,
      remaining: cancellableAmount(p), paid: p.amount, reason: a.reason, refund: null, payMethod: p.payMethod,
    });
  } catch (e) {
    if (e instanceof PgTransportError) return { kind: 'unknown' };
    throw e;
  }
  if (result.kind !== 'cancelled') {
    ctx.log.warn({ imp_uid: a.impUid, cancellation_id: a.attemptId, answer: result.kind === 'rejected' ? result.pgCode : result.kind }, 'full cancel asked again: not settled, left to an operator');
    return { kind: 'unknown' };
  }
  ctx.log.warn({ imp_uid: a.impUid, cancellation_id: a.attemptId }, 'cancel settled by asking the full cancel again: refunded');
  return { kind: 'made', ...(await record(ctx, a, { pgCancelTid: result.pgCancelTid, receiptUrl: result.receiptUrl })) };
}

/** The background re-check: every open attempt whose lease ran out; returns how many settled. */
export async function resolveUnknownCancels(ctx: AppContext, limit = 100): Promise<number> {
  let settled = 0;
  for (const a of await listStaleCancelAttempts(ctx.db, ctx.now(), limit)) {
    const s = await settleFromPgRecord(ctx, a, true);
    if (s.kind !== 'unknown' && s.won) settled++;
  }
  return settled;
}
