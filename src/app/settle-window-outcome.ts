/**
 * Turns a confirmed window outcome (from `window.complete` or a PG notification) into the payment's
 * transition: paid, vbank issued (`ready`), billing key stored, or failed. The merchant's confirm_url
 * (reference §8.2) is asked right before PG approval: where the gateway approves (`window.complete`),
 * complete-checkout.ts asks it first (`confirmBeforeApproval`) and nothing is approved on a refusal.
 * Where the PG approved inside its window (Paymentwall), it can only be asked here, after; a refusal
 * is then followed by a full PG cancel (a "net cancel") so no money stays taken.
 */
import { PgTransportError, type Approved, type Connector, type WindowOutcome } from '../connectors/contract.ts';
import { toWireAmount } from '../core/money.ts';
import type { ApprovalData, Payment, PaymentEvent } from '../core/payment.ts';
import { setSessionError, type CheckoutSession } from '../storage/checkout-sessions.ts';
import type { Channel } from '../storage/merchants.ts';
import { saveBillingKey } from './billing-keys.ts';
import { pgText, sealedRef, unreachedReason } from './charge-attempt.ts';
import { alreadyPaidMessage, checkoutErrors } from './checkout-errors.ts';
import { askConfirmUrl, confirmRefusedReason } from './confirm-url.ts';
import type { AppContext } from './context.ts';
import { transitionIn } from './persist-transition.ts';
import type { CheckoutDeps } from './start-checkout.ts';

/** What settling needs to reach the merchant (confirm_url). */
export type ConfirmDeps = Pick<CheckoutDeps, 'fetch' | 'confirmTimeoutMs'>;

export type Attempt = { payment: Payment; session: CheckoutSession; channel: Channel; connector: Connector };

/** Applies `event` and records the rsp error of a failure, in one transaction. */
async function apply(ctx: AppContext, a: Attempt, event: PaymentEvent, error: { code: string; msg: string } | null): Promise<Payment> {
  return ctx.db.tx(async (q) => {
    const p = await transitionIn(ctx, q, a.payment.merchantId, a.payment.impUid, event);
    await setSessionError(q, a.payment.impUid, error?.code ?? null, error?.msg ?? null);
    return p;
  });
}

const fail = (ctx: AppContext, a: Attempt, reason: string, code: string, msg: string) =>
  apply(ctx, a, { type: 'fail', at: ctx.now(), reason }, { code, msg });

/** Gives back money the PG took for an attempt we must not accept. Logged loudly if the PG refuses. */
async function netCancel(ctx: AppContext, a: Attempt, pgTid: string, why: string, pgRef: string | null): Promise<void> {
  try {
    const r = await a.connector.cancel(ctx.pg.contextFor(a.channel), {
      // One net cancel per attempt: a stable request id, so a PG with idempotency never refunds it twice.
      orderId: a.payment.impUid, requestId: `net_${a.payment.impUid}`, pgTid, amount: a.payment.amount, taxFree: a.payment.taxFree, currency: a.payment.currency,
      remaining: a.payment.amount, paid: a.payment.amount, reason: why, refund: null, pgRef, payMethod: a.payment.payMethod,
    });
    if (r.kind === 'rejected') ctx.log.error({ imp_uid: a.payment.impUid, pg_code: r.pgCode }, 'net cancel refused by the PG: cancel it by hand');
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    ctx.log.error({ imp_uid: a.payment.impUid, reason: e.reason }, 'net cancel could not reach the PG: cancel it by hand');
  }
}

/** null when accepted (or no confirm_url); else the stored fail_reason. */
async function confirm(deps: ConfirmDeps, a: Attempt): Promise<string | null> {
  if (!a.session.confirmUrl) return null;
  // A key-only billing issuance moves no money: there is nothing for the merchant to confirm.
  if (a.session.billingCustomerUid !== null && !a.session.billingCharge) return null;
  const p = a.payment;
  const r = await askConfirmUrl(deps.fetch, a.session.confirmUrl, { imp_uid: p.impUid, merchant_uid: p.merchantUid, amount: toWireAmount(p.amount, p.currency) }, deps.confirmTimeoutMs);
  return r.ok ? null : confirmRefusedReason(r.reason);
}

const approvalOf = (ctx: AppContext, o: Approved, extra: ApprovalData = {}): ApprovalData => ({
  pgTid: o.pgTid, pgRefEnc: sealedRef(ctx, o.pgRef), applyNum: o.applyNum, receiptUrl: o.receiptUrl,
  cardCode: o.card?.code ?? null, cardName: o.card?.name ?? null, cardNumber: o.card?.number ?? null, cardType: o.card?.type ?? null,
  ...extra,
});

/** Another attempt of the merchant_uid is paid: this one fails with F1002. */
export const failAlreadyPaid = (ctx: AppContext, a: Attempt): Promise<Payment> =>
  fail(ctx, a, alreadyPaidMessage, checkoutErrors.ALREADY_PAID, alreadyPaidMessage);

/** The PG never recorded the attempt (the re-check, long after): nothing was charged, it failed. */
export const failUnreached = (ctx: AppContext, a: Attempt): Promise<Payment> =>
  fail(ctx, a, unreachedReason, checkoutErrors.PG_UNREACHABLE, unreachedReason);

/**
 * Asks confirm_url right before the gateway has the PG approve (reference §8.2). A refusal (non-200,
 * timeout) fails the attempt with the V1 fail_reason, and the caller must not approve: null = go on.
 */
export async function confirmBeforeApproval(ctx: AppContext, deps: ConfirmDeps, a: Attempt): Promise<Payment | null> {
  const refused = await confirm(deps, a);
  return refused === null ? null : fail(ctx, a, refused, checkoutErrors.CONFIRM_REFUSED, refused);
}

export type SettleOptions = {
  /** Another attempt of the merchant_uid is already paid: whatever this window achieved is undone, F1002. */
  orderTaken?: boolean;
  /** confirm_url was already asked before the approval (confirmBeforeApproval): not again. */
  confirmed?: boolean;
};

/** Settles a claimed attempt. */
export async function settleWindowOutcome(ctx: AppContext, deps: ConfirmDeps, a: Attempt, outcome: WindowOutcome, opts: SettleOptions = {}): Promise<Payment> {
  const at = ctx.now();
  if (outcome.kind === 'pending') return a.payment;
  if (outcome.kind === 'declined') return fail(ctx, a, pgText(outcome.pgCode, outcome.pgMessage), outcome.pgCode, outcome.pgMessage);
  if (outcome.kind === 'user_cancelled') {
    return fail(ctx, a, outcome.pgMessage, checkoutErrors.USER_CANCELLED, `결제가 중단되었습니다. (${outcome.pgMessage})`);
  }

  // Money moved (or a vbank / key was issued): the order must still be ours and the merchant must agree.
  const money = outcome.kind === 'approved' ? outcome : outcome.kind === 'billing_key_issued' && outcome.charge?.kind === 'approved' ? outcome.charge : null;
  const moneyTid = money?.pgTid ?? null;
  const moneyRef = money?.pgRef ?? null;
  if (outcome.kind === 'billing_key_issued' && outcome.charge?.kind === 'declined') {
    // The initial charge failed: the issuance fails with it, and the key is not kept.
    const c = outcome.charge;
    return fail(ctx, a, pgText(c.pgCode, c.pgMessage), c.pgCode, c.pgMessage);
  }
  if (opts.orderTaken) {
    if (moneyTid) await netCancel(ctx, a, moneyTid, 'merchant_uid already paid', moneyRef);
    return failAlreadyPaid(ctx, a);
  }
  const isKeyOnly = outcome.kind === 'billing_key_issued' && outcome.charge === null;
  const refused = isKeyOnly || opts.confirmed ? null : await confirm(deps, a);
  if (refused !== null) {
    if (moneyTid) await netCancel(ctx, a, moneyTid, 'confirm_url refused', moneyRef);
    return fail(ctx, a, refused, checkoutErrors.CONFIRM_REFUSED, refused);
  }

  switch (outcome.kind) {
    case 'approved':
      return apply(ctx, a, {
        type: 'approve', at,
        pg: approvalOf(ctx, outcome, { payMethod: outcome.payMethod, bankCode: outcome.bank?.code ?? null, bankName: outcome.bank?.name ?? null, embPgProvider: outcome.embPgProvider }),
      }, null);
    case 'vbank_issued':
      return apply(ctx, a, {
        type: 'issue_vbank', at,
        pg: {
          payMethod: 'vbank', pgTid: outcome.pgTid, pgRefEnc: sealedRef(ctx, outcome.pgRef), receiptUrl: outcome.receiptUrl, vbankCode: outcome.vbank.code, vbankName: outcome.vbank.name,
          vbankNum: outcome.vbank.num, vbankHolder: outcome.vbank.holder, vbankDate: outcome.vbank.due,
        },
      }, null);
    case 'billing_key_issued': {
      const p = a.payment;
      const customerUid = a.session.billingCustomerUid ?? p.customerUid!;
      await saveBillingKey(ctx, p.merchantId, customerUid, a.channel, outcome.billingKey, outcome.card, {
        customerId: a.session.customerId, name: p.buyerName, tel: p.buyerTel, email: outcome.buyerEmail ?? p.buyerEmail, addr: p.buyerAddr, postcode: p.buyerPostcode,
      });
      const card = { cardCode: outcome.card.code, cardName: outcome.card.name, cardNumber: outcome.card.number, cardType: outcome.card.type };
      // Display-only and key-only issuances are recorded as a paid payment of amount 0 (docs/differences.md).
      const pg: ApprovalData = outcome.charge?.kind === 'approved' ? approvalOf(ctx, outcome.charge, { ...card, payMethod: 'card' }) : { ...card, payMethod: 'card' };
      return apply(ctx, a, { type: 'approve', at, pg }, null);
    }
  }
}
