/**
 * The Paymentwall connector: the widget and Brick windows (window.ts), Brick charges of stored cards
 * (permanent tokens), refunds (Brick refund for Brick charges, the Cancellation API's ticket for widget
 * payments), payment lookups (Payment Status API) and the Delivery Confirmation API. No key-in: the
 * PCI-DSS `onetime` route is not offered (capabilities.ts). The channel's pgId is the project key.
 */
import type { CancelResult, Connector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { brickCall, lookupStatus, pwPrivateKey, pwSecret, signedFields } from './api.ts';
import { paymentwallCapabilities } from './capabilities.ts';
import { deliveryFields } from './delivery.ts';
import { bad, cardOfCharge, customerName, toChargeResult, toTransactionStatus } from './map.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { paymentwallWindow } from './window.ts';
import { brickAnswer, deliveryAnswer, isPwError, pwPaths, ticketAnswer } from './wire.ts';

/** Brick charge ids are numbers ("104872652"); widget payments' refs start with a letter ("b1493096790", test "t…"). */
const isBrickCharge = (pgTid: string): boolean => /^[0-9]+$/.test(pgTid);

export const paymentwall: Connector = {
  provider: 'paymentwall',
  capabilities: paymentwallCapabilities,
  window: paymentwallWindow,

  async chargeBillingKey(ctx, req) {
    // The email must be the one the card was stored with, and browser_ip is required (reference §6.4).
    const answer = await brickCall(ctx, pwPaths.brickCharge, {
      token: req.billingKey, amount: toWireDecimal(req.amount, req.currency), currency: req.currency,
      email: req.buyer.email ?? '', description: req.name ?? '', plan: req.orderId, uid: req.orderId,
      browser_ip: req.browserIp ?? '', timestamp: String(Math.floor(Date.now() / 1000)), ...customerName(req.buyer.name),
    }, brickAnswer);
    return toChargeResult(answer, { minor: req.amount, currency: req.currency });
  },

  async cancel(ctx, req): Promise<CancelResult> {
    // Neither refund API takes an amount: a payment is refunded as a whole.
    if (req.amount !== req.remaining) return { kind: 'rejected', pgCode: 'partial', pgMessage: 'Paymentwall 은 전액 환불만 지원합니다.' };
    if (isBrickCharge(req.pgTid)) {
      const r = await brickCall(ctx, pwPaths.brickRefund(req.pgTid), {}, brickAnswer);
      if (isPwError(r)) return { kind: 'rejected', pgCode: String(r.code), pgMessage: r.error };
      if (r.id !== req.pgTid) throw bad('refunded another charge');
      if (r.refunded !== true) throw bad(`charge ${r.id} is not refunded`);
      return { kind: 'cancelled', pgCancelTid: `${r.id}_2`, receiptUrl: null };
    }
    // A widget payment: a refund ticket; Paymentwall answers it with a negative pingback (type 2).
    const form = signedFields(ctx, { key: ctx.channel.pgId, ref: req.pgTid, uid: req.orderId, type: '1', message: req.reason || 'cancelled order' });
    const r = await callPg(ctx, { method: 'POST', path: pwPaths.ticket, form, schema: ticketAnswer });
    if (r.result !== 1) return { kind: 'rejected', pgCode: String(r.code ?? r.result), pgMessage: r.error ?? 'Paymentwall refused the refund ticket' };
    return { kind: 'pending', ticket: req.pgTid };
  },

  async getTransaction(ctx, req) {
    const status = toTransactionStatus(await lookupStatus(ctx, { orderId: req.orderId }));
    if (status.kind !== 'approved' || !isBrickCharge(status.pgTid)) return status;
    // The Payment Status API has no card: a Brick charge is read again as its charge object.
    const charge = await callPg(ctx, { method: 'GET', path: pwPaths.brickGet(status.pgTid), headers: { 'X-ApiKey': pwPrivateKey(ctx) }, answerStatuses: [401, 403, 404], schema: brickAnswer });
    if (isPwError(charge)) throw bad(`charge ${status.pgTid} lookup answered error ${charge.code}`);
    return { ...status, card: cardOfCharge(charge.card) };
  },

  async confirmDelivery(ctx, req) {
    // The Delivery Confirmation API takes the secret key as X-ApiKey (apis#section-tools-delivery-confirmation).
    const r = await callPg(ctx, {
      method: 'POST', path: pwPaths.delivery, form: deliveryFields(req, ctx.channel.mode === 'sandbox'), headers: { 'X-ApiKey': pwSecret(ctx) },
      answerStatuses: [400, 401, 403, 404], schema: deliveryAnswer,
    });
    if ('success' in r) return { kind: 'confirmed' };
    return { kind: 'rejected', pgCode: String(r.error_code ?? r.code ?? ''), pgMessage: r.error, notices: r.notices ?? [] };
  },
};
