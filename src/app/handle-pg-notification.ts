/**
 * `POST /pg/{provider}/notify`: a PG's asynchronous report (Paymentwall pingbacks, vbank deposits,
 * asynchronous cancels). The connector verifies it (`window.parseNotification`); the payment then moves
 * through the one state machine, so its webhook events are emitted like any other transition.
 */
import { newCancellationId } from '../core/ids.ts';
import { isProvider, type Payment } from '../core/payment.ts';
import type { WindowConnector } from '../connectors/contract.ts';
import { claimWindowAttempt } from '../storage/checkout-sessions.ts';
import { findChannel, type Channel } from '../storage/merchants.ts';
import { claimUnnamedMadeAttempt, findOpenCancelAttempt, hasCancellationWithPgTid } from '../storage/cancel-attempts.ts';
import { getPayment, paymentOwner } from '../storage/payments.ts';
import { loadCheckout } from './complete-checkout.ts';
import type { AppContext } from './context.ts';
import { transition, transitionIn } from './persist-transition.ts';
import { recordCancel } from './settle-cancel-attempt.ts';
import { settleWindowOutcome } from './settle-window-outcome.ts';
import type { CheckoutDeps } from './start-checkout.ts';

export type NotificationInput = { provider: string; body: string; contentType: string | null; query: Record<string, string>; sourceIp: string };
/** `ack` is the text the PG expects (Paymentwall: "OK"); a refused notification gets 400 so the PG retries or alerts. */
export type NotificationReply = { status: number; body: string };

const refuse = (body: string): NotificationReply => ({ status: 400, body });

export async function handlePgNotification(ctx: AppContext, deps: CheckoutDeps, input: NotificationInput): Promise<NotificationReply> {
  if (!isProvider(input.provider)) return { status: 404, body: 'unknown PG' };
  const window = ctx.pg.connector(input.provider)?.window;
  if (!window) return refuse('unknown channel');
  const target = await channelOf(ctx, window, input);
  if (!target) return refuse('unknown channel');
  const { merchantId, channel } = target;
  if (channel.provider !== input.provider) return refuse('unknown channel');
  if (!ctx.pg.acceptsNotificationFrom(channel, input.sourceIp)) {
    // Test and live channels hear their PG only from its addresses (OPENIMP_<PG>_NOTIFY_IPS); nothing is read.
    ctx.log.warn({ provider: input.provider, channel_id: channel.id, source_ip: input.sourceIp, setting: `OPENIMP_${input.provider.toUpperCase()}_NOTIFY_IPS` }, 'PG notification refused: source address not allowed for this PG');
    return { status: 403, body: 'source not allowed' };
  }

  const n = await window.parseNotification(ctx.pg.contextFor(channel), { body: input.body, contentType: input.contentType, query: input.query });
  const ack: NotificationReply = { status: 200, body: window.notificationAck };
  if (n.kind === 'rejected') {
    ctx.log.warn({ provider: input.provider, reason: n.reason }, 'PG notification rejected');
    return refuse('rejected');
  }
  if (n.kind === 'ignored') return ack;
  const payment = await getPayment(ctx.db, merchantId, n.orderId);
  if (!payment || payment.channelId !== channel.id) return refuse('unknown order');

  switch (n.kind) {
    case 'outcome': {
      const state = await loadCheckout(ctx, n.orderId);
      if (!state) return refuse('unknown order');
      const connector = ctx.pg.connector(input.provider)!;
      const attempt = { payment, session: state.session, channel, connector };
      if (payment.status === 'failed' && n.outcome.kind === 'approved') {
        // Paymentwall may approve after first reporting a failure (reference §6.4): failed -> paid.
        await settleWindowOutcome(ctx, deps, attempt, n.outcome);
        return ack;
      }
      if (payment.status !== 'ready' || (payment.vbankNum !== null && !payment.inFlight)) return ack; // already settled: duplicates happen
      const claim = payment.inFlight ? 'claimed' : await claimWindowAttempt(ctx.db, merchantId, payment.impUid, ctx.now());
      if (claim === 'not_ready') return ack; // someone else is settling it right now
      await settleWindowOutcome(ctx, deps, { ...attempt, payment: { ...payment, inFlight: claim === 'claimed' } }, n.outcome, { orderTaken: claim === 'order_taken' });
      return ack;
    }
    case 'vbank_deposit':
      return deposit(ctx, payment, n.amount, ack);
    case 'cancelled':
      return cancelled(ctx, payment, n, ack);
  }
}

/**
 * The channel a notification is for: named by the URL (`merchant_id`, `channel_id`), or, for PGs that
 * report a whole project to one URL (Paymentwall), the channel of the order it names. Either way the
 * connector then verifies it with that channel's keys, so naming another order gains nothing.
 */
async function channelOf(ctx: AppContext, window: WindowConnector, input: NotificationInput): Promise<{ merchantId: number; channel: Channel } | null> {
  if (window.orderOf && input.query.merchant_id === undefined) {
    // Window payments and REST-issued vbanks (no checkout session) alike.
    const orderId = window.orderOf({ body: input.body, query: input.query });
    const owner = orderId ? await paymentOwner(ctx.db, orderId) : null;
    const channel = owner?.channelId == null ? null : await findChannel(ctx.db, owner.merchantId, owner.channelId);
    return channel ? { merchantId: owner!.merchantId, channel } : null;
  }
  const merchantId = Number(input.query.merchant_id);
  const channelId = Number(input.query.channel_id);
  const channel = Number.isSafeInteger(merchantId) && Number.isSafeInteger(channelId) ? await findChannel(ctx.db, merchantId, channelId) : null;
  return channel ? { merchantId, channel } : null;
}

async function deposit(ctx: AppContext, p: Payment, amount: number, ack: NotificationReply): Promise<NotificationReply> {
  if (p.status === 'paid') return ack; // a repeated deposit notice
  if (p.status !== 'ready' || p.vbankNum === null) return refuse('not an issued virtual account');
  // Integer minor units on both sides; a partial or excess deposit is not a payment of this order.
  if (amount !== p.amount) {
    ctx.log.warn({ imp_uid: p.impUid, expected: p.amount, got: amount }, 'vbank deposit amount differs; not marked paid');
    return refuse('amount mismatch');
  }
  await transition(ctx, p.merchantId, p.impUid, { type: 'deposit', at: ctx.now() });
  return ack;
}

/**
 * A refund the PG reports (Paymentwall): it settles the open cancel attempt it answers, is recorded
 * once however often it is repeated (also when the re-check recorded it first from the PG's record),
 * and a refund made at the PG itself, outside the gateway, is recorded as the PG's.
 */
async function cancelled(ctx: AppContext, p: Payment, n: { pgCancelTid: string; amount: number }, ack: NotificationReply): Promise<NotificationReply> {
  if (p.status !== 'paid') return ack;
  const open = await findOpenCancelAttempt(ctx.db, p.impUid);
  // One attempt is open per payment at most: the refund of its amount is its answer.
  if (open && open.amount === n.amount) {
    await recordCancel(ctx, open, { pgCancelTid: n.pgCancelTid, receiptUrl: null });
    return ack;
  }
  const known = await ctx.db.tx(async (q) => {
    await getPayment(q, p.merchantId, p.impUid, { forUpdate: true });
    return (await hasCancellationWithPgTid(q, p.impUid, n.pgCancelTid)) || claimUnnamedMadeAttempt(q, p.impUid, n.amount, n.pgCancelTid);
  });
  if (known) return ack;
  if (n.amount <= 0 || n.amount > p.amount - p.cancelAmount) return refuse('cancel amount exceeds the balance');
  const at = ctx.now();
  await ctx.db.tx(async (q) => {
    await transitionIn(ctx, q, p.merchantId, p.impUid, {
      type: 'cancel', at, requestedBy: 'pg',
      entry: { cancellationId: newCancellationId(ctx.random), pgTid: n.pgCancelTid, amount: n.amount, taxFree: 0, reason: null, cancelledAt: at, receiptUrl: null },
    });
  });
  return ack;
}
