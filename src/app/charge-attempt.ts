/**
 * One non-authenticated charge (onetime, again, scheduled): claim the order, call the PG outside any
 * transaction, then persist the outcome. The claim (a unique index over paid or in-flight attempts of a
 * merchant_uid) is what makes 50 identical requests charge the PG once (ARCHITECTURE rule 7).
 */
import { PgTransportError, type ChargeResult, type Connector, type ConnectorContext } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { newImpUid } from '../core/ids.ts';
import { newPayment, type Payment } from '../core/payment.ts';
import { isUniqueViolation } from '../storage/db.ts';
import type { Channel } from '../storage/merchants.ts';
import { deleteInFlightAttempt, findByMerchantUid, insertPayment } from '../storage/payments.ts';
import { asksAgain, repeatCall, repeatStoredCharge } from './ask-again.ts';
import type { AppContext } from './context.ts';
import { transitionClaimed, transitionInFlight } from './persist-transition.ts';

export type AttemptInit = Omit<Parameters<typeof newPayment>[0], 'impUid' | 'startedAt' | 'channelId' | 'pgProvider' | 'pgId' | 'sandbox' | 'channel'>;

/** Inserts the attempt as in flight. Fails with the V1 error when the merchant_uid is paid or busy. */
export async function claimAttempt(ctx: AppContext, channel: Channel, init: AttemptInit): Promise<Payment> {
  for (let i = 0; i < 5; i++) {
    const p = newPayment({
      ...init, impUid: newImpUid(ctx.random), startedAt: ctx.now(), channelId: channel.id, pgProvider: channel.provider,
      pgId: channel.pgId, sandbox: channel.sandbox, channel: 'api', inFlight: true,
    });
    try {
      await insertPayment(ctx.db, p);
      return p;
    } catch (e) {
      if (isUniqueViolation(e, 'payments_pkey')) continue; // imp_uid collision: draw again
      if (!isUniqueViolation(e)) throw e;
      const paid = await findByMerchantUid(ctx.db, init.merchantId, init.merchantUid, 'paid', '-started');
      throw new GatewayError(paid ? 'MERCHANT_UID_ALREADY_PAID' : 'MERCHANT_UID_IN_PROGRESS');
    }
  }
  throw new GatewayError('INTERNAL', 'could not allocate an imp_uid');
}

/** Gives up a claim before its PG was asked to charge (the request failed first): no payment remains. */
export async function releaseClaim(ctx: AppContext, attempt: Payment): Promise<void> {
  await deleteInFlightAttempt(ctx.db, attempt.impUid);
}

/** `[PGcode] PG message`, the form fail_reason and error messages carry PG text in. */
export const pgText = (code: string, message: string): string => `[${code}] ${message}`;

/** The fail_reason of an attempt the PG never recorded (found by the re-check, long after the call). */
export const unreachedReason = 'PG사 통신장애로 결제가 처리되지 않았습니다.';

/** V1 announces failures of scheduled payments only; ordinary failures stay silent (reference §4). */
export const announcesFailure = (attempt: Payment): boolean => attempt.customerUidUsage === 'payment.scheduled';

/**
 * Applies a PG charge result to a claimed attempt. `ownClaim`: `attempt` is the row this request just
 * inserted in flight (runCharge), so it is saved without a locking re-read (transitionClaimed).
 */
export async function settleCharge(ctx: AppContext, attempt: Payment, result: ChargeResult, ownClaim = false): Promise<Payment> {
  const at = ctx.now();
  const save = (event: Parameters<typeof transitionClaimed>[2]) => (ownClaim ? transitionClaimed(ctx, attempt, event) : transitionInFlight(ctx, attempt.merchantId, attempt.impUid, event));
  if (result.kind === 'approved') {
    return save({
      type: 'approve', at,
      pg: {
        pgTid: result.pgTid, pgRefEnc: sealedRef(ctx, result.pgRef), applyNum: result.applyNum, receiptUrl: result.receiptUrl,
        cardCode: result.card?.code ?? null, cardName: result.card?.name ?? null, cardNumber: result.card?.number ?? null, cardType: result.card?.type ?? null,
      },
    });
  }
  const reason = pgText(result.pgCode, result.pgMessage);
  // Invalid card data means no payment (docs/test-cards.md, V1 code -1): the PG charged nothing, so this
  // request's own claim is removed rather than left as a failed payment.
  if (result.kind === 'invalid_card' && ownClaim && (await deleteInFlightAttempt(ctx.db, attempt.impUid))) throw new GatewayError('CARD_AUTH_FAILED', reason);
  const failed = await save({ type: 'fail', at, reason, notify: announcesFailure(attempt) });
  if (result.kind === 'invalid_card') throw new GatewayError('CARD_AUTH_FAILED', reason);
  return failed;
}

/**
 * Calls the PG for a claimed attempt. A transport failure is followed by one status check (at a PG
 * without one, on a sandbox channel, by the same request once more: ask-again.ts); unless the PG then
 * reports a definite result, the attempt stays in flight (unknown) and the caller gets PG_UNREACHABLE;
 * the background re-check (or an operator) settles it later (ARCHITECTURE rule 5: never guessed).
 */
export async function runCharge(ctx: AppContext, connector: Connector, cctx: ConnectorContext, attempt: Payment, call: () => Promise<ChargeResult>): Promise<Payment> {
  let result: ChargeResult;
  try {
    result = await call();
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    if (asksAgain(connector, cctx)) {
      ctx.log.warn({ imp_uid: attempt.impUid, reason: e.reason }, 'PG call failed; asking again with the same order number');
      const again = await repeatCall(call);
      if (again) return settleCharge(ctx, attempt, again, true);
      throw new GatewayError('PG_UNREACHABLE');
    }
    ctx.log.warn({ imp_uid: attempt.impUid, reason: e.reason }, 'PG call failed; checking transaction status');
    const resolved = await resolveAttempt(ctx, connector, cctx, attempt, false);
    if (resolved) return resolved;
    throw new GatewayError('PG_UNREACHABLE');
  }
  return settleCharge(ctx, attempt, result, true);
}

/**
 * Asks the PG what became of an attempt; null when it still cannot tell. "Not found" right after a
 * failed call may only mean the PG is still working on it, so it settles the attempt as failed only
 * when `notFoundIsFinal` (the background re-check, long after any PG call could still be running).
 */
export async function resolveAttempt(ctx: AppContext, connector: Connector, cctx: ConnectorContext, attempt: Payment, notFoundIsFinal: boolean): Promise<Payment | null> {
  if (asksAgain(connector, cctx)) {
    // No record to read (ask-again.ts): a repeated billing-key charge answers; anything else stays unknown.
    const again = await repeatStoredCharge(ctx, connector, cctx, attempt);
    return again && settleCharge(ctx, attempt, again);
  }
  try {
    const status = await connector.getTransaction(cctx, { orderId: attempt.impUid, startedAt: attempt.startedAt });
    switch (status.kind) {
      case 'approved':
      case 'declined':
        return await settleCharge(ctx, attempt, status);
      case 'not_found':
        if (!notFoundIsFinal) return null;
        // The PG never recorded the order, so nothing was charged: the attempt failed.
        return await transitionInFlight(ctx, attempt.merchantId, attempt.impUid, { type: 'fail', at: ctx.now(), reason: unreachedReason, notify: announcesFailure(attempt) });
      case 'pending':
        return null;
    }
  } catch (e) {
    if (e instanceof PgTransportError) return null;
    throw e;
  }
}

/** A connector's `pgRef` as the payment keeps it: sealed, like billing keys. */
export const sealedRef = (ctx: Pick<AppContext, 'box'>, ref: string | null | undefined): string | null => (ref ? ctx.box.seal(ref) : null);
/** The payment's `pgRef` for the connector. */
export const openedRef = (ctx: Pick<AppContext, 'box'>, p: Pick<Payment, 'pgRefEnc'>): string | null => (p.pgRefEnc ? ctx.box.open(p.pgRefEnc) : null);
