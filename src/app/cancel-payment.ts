/**
 * POST /payments/cancel (reference §3.2): full or partial, checksum, tax_free, vbank refund fields.
 * Order: validate -> record the attempt with its hold -> call the PG outside a transaction -> settle
 * the attempt (settle-cancel-attempt.ts). An answer that never came leaves the attempt open, and the
 * PG's own record settles it: right away, on the next cancel of the payment, or by the re-check.
 */
import { PgTransportError, type CancelRequest } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { newCancellationId } from '../core/ids.ts';
import { parseWireAmount } from '../core/money.ts';
import { cancellableAmount, cancellableTaxFree, type Payment } from '../core/payment.ts';
import { CancelBusy, findOpenCancelAttempt, openCancelAttempt, setCancelTicket, type CancelAttempt } from '../storage/cancel-attempts.ts';
import { findChannel } from '../storage/merchants.ts';
import * as repo from '../storage/payments.ts';
import { openedRef, pgText } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { recordCancel, releaseAttempt, settleFromPgRecord } from './settle-cancel-attempt.ts';

export type CancelInput = {
  impUid: string | null;
  merchantUid: string | null;
  amount: unknown;
  taxFree: unknown;
  checksum: unknown;
  reason: string | null;
  refundHolder: string | null;
  refundBank: string | null;
  refundAccount: string | null;
  refundTel: string | null;
  /** API cancels fire a webhook only when asked (reference §3.2 `enable_webhook`). */
  enableWebhook: boolean;
  /** Who asked: the REST API (default) or a person in the merchant console. */
  requestedBy?: 'api' | 'console';
};

async function findTarget(ctx: AppContext, merchantId: number, input: CancelInput): Promise<Payment> {
  // imp_uid wins: an unknown imp_uid fails even when merchant_uid would match (reference §3.2).
  if (input.impUid) {
    const p = await repo.getPayment(ctx.db, merchantId, input.impUid);
    if (!p) throw new GatewayError('CANCEL_NOT_FOUND');
    return p;
  }
  if (!input.merchantUid) throw new GatewayError('BAD_REQUEST', 'imp_uid 또는 merchant_uid 중 하나는 필수입니다.');
  const p = (await repo.findByMerchantUid(ctx.db, merchantId, input.merchantUid, 'paid', '-started'))
    ?? (await repo.findByMerchantUid(ctx.db, merchantId, input.merchantUid, 'cancelled', '-started'))
    ?? (await repo.findByMerchantUid(ctx.db, merchantId, input.merchantUid, null, '-started'));
  if (!p) throw new GatewayError('CANCEL_NOT_FOUND');
  return p;
}

function optionalMinor(value: unknown, p: Payment, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const r = parseWireAmount(value, p.currency);
  if (!r.ok) throw new GatewayError('BAD_REQUEST', `${field}: ${r.reason}`);
  return r.minor;
}

type Plan = { amount: number; taxFree: number; refund: CancelRequest['refund'] };

/** Every rule that can refuse a cancel, checked before anything changes. */
function plan(p: Payment, input: CancelInput, partialAllowed: boolean): Plan {
  if (p.status === 'cancelled') throw new GatewayError('ALREADY_CANCELLED');
  if (p.status !== 'paid') throw new GatewayError('CANCEL_NOT_PAID', `(status: ${p.status})`);
  const remaining = cancellableAmount(p);
  const checksum = optionalMinor(input.checksum, p, 'checksum');
  // checksum is the caller's view of the cancellable balance; a mismatch changes nothing.
  if (checksum !== null && checksum !== remaining) throw new GatewayError('CHECKSUM_MISMATCH');
  const requested = optionalMinor(input.amount, p, 'amount');
  const amount = requested === null || requested === 0 ? remaining : requested; // omitted or 0 -> full balance
  if (amount > remaining) throw new GatewayError('CANCEL_EXCEEDS_BALANCE', `(취소가능잔액: ${remaining}, 요청: ${amount})`);
  if (amount < remaining && !partialAllowed) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(부분취소)');
  const taxFree = optionalMinor(input.taxFree, p, 'tax_free') ?? 0;
  if (taxFree > amount || taxFree > cancellableTaxFree(p)) throw new GatewayError('CANCEL_TAX_FREE_EXCEEDS');
  let refund: CancelRequest['refund'] = null;
  if (p.payMethod === 'vbank') {
    if (!input.refundHolder || !input.refundBank || !input.refundAccount) throw new GatewayError('VBANK_REFUND_INFO_REQUIRED');
    refund = { holder: input.refundHolder, bank: input.refundBank, account: input.refundAccount, tel: input.refundTel };
  }
  return { amount, taxFree, refund };
}

/** Seconds after which no PG call of an attempt can still be running: the PG timeout, rounded up, plus one. */
export const leaseSec = (timeoutMs: number): number => Math.ceil(timeoutMs / 1000) + 1;

/**
 * A cancel before this one that is still open blocks it only while its PG call may be running; after
 * that it is settled from the PG's record first, so a crash never leaves a hold behind.
 */
async function settlePrevious(ctx: AppContext, merchantId: number, p: Payment): Promise<Payment> {
  const open = await findOpenCancelAttempt(ctx.db, p.impUid);
  if (!open) return p;
  if (open.leaseUntil >= ctx.now() || (await settleFromPgRecord(ctx, open, true)).kind === 'unknown') throw new GatewayError('CANCEL_IN_PROGRESS');
  return (await repo.getPayment(ctx.db, merchantId, p.impUid))!;
}

export async function cancelPayment(ctx: AppContext, merchantId: number, input: CancelInput): Promise<Payment> {
  const p = await settlePrevious(ctx, merchantId, await findTarget(ctx, merchantId, input));
  const channel = p.channelId === null ? null : await findChannel(ctx.db, merchantId, p.channelId);
  const connector = ctx.pg.connector(p.pgProvider);
  const caps = ctx.pg.capabilities(p.pgProvider);
  const { amount, taxFree, refund } = plan(p, input, caps.partialCancel);
  if (!connector || !channel || !p.pgTid) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(취소)');
  const cctx = ctx.pg.contextFor(channel);

  // Written down with its hold before the PG is called: the hold makes a concurrent cancel see the
  // balance as taken, and the record is what a crash or a timeout is settled from.
  const attempt: CancelAttempt = {
    attemptId: newCancellationId(ctx.random), impUid: p.impUid, merchantId, amount, taxFree,
    reason: input.reason, requestedBy: input.requestedBy ?? 'api', enableWebhook: input.enableWebhook, pgTicket: null,
    startedAt: ctx.now(), leaseUntil: ctx.now() + leaseSec(cctx.timeoutMs),
  };
  const held = await ctx.db.tx(async (q) => {
    const locked = await repo.getPayment(q, merchantId, p.impUid, { forUpdate: true });
    return locked !== null && locked.cancelAmount === p.cancelAmount && openCancelAttempt(q, attempt);
  }).catch((e: unknown) => {
    if (e instanceof CancelBusy) return false;
    throw e;
  });
  if (!held) throw new GatewayError('CANCEL_IN_PROGRESS');

  let result;
  try {
    result = await connector.cancel(cctx, {
      orderId: p.impUid, requestId: attempt.attemptId, pgTid: p.pgTid, pgRef: openedRef(ctx, p), amount, taxFree, currency: p.currency, remaining: cancellableAmount(p), paid: p.amount, reason: input.reason, refund,
      payMethod: p.payMethod,
    });
  } catch (e) {
    // Any other error leaves the attempt open as well: whatever the PG did is settled from its record.
    if (!(e instanceof PgTransportError)) throw e;
    ctx.log.warn({ imp_uid: p.impUid, cancellation_id: attempt.attemptId, reason: e.reason }, 'PG cancel unanswered; checking the PG record');
    const now = await settleFromPgRecord(ctx, attempt, false);
    if (now.kind === 'made') return now.payment;
    throw new GatewayError('PG_UNREACHABLE');
  }
  if (result.kind === 'rejected') {
    await releaseAttempt(ctx, attempt);
    throw new GatewayError('PG_CANCEL_FAILED', pgText(result.pgCode, result.pgMessage));
  }
  if (result.kind === 'pending') {
    // Asynchronous PGs (Paymentwall) answer later; the attempt stays open until their notification (or the re-check).
    await ctx.db.tx((q) => setCancelTicket(q, attempt.attemptId, result.ticket));
    return (await repo.getPayment(ctx.db, merchantId, p.impUid))!;
  }
  return recordCancel(ctx, attempt, { pgCancelTid: result.pgCancelTid, receiptUrl: result.receiptUrl });
}
