/**
 * The PAYCO window (connector side). PAYCO lets the buyer pick card, transfer or vbank inside its
 * own window (reference §6.1: pay_method is ignored), so the order sheet names no method. A billing
 * window (`autoPaymentYn=Y`) registers a card for auto-payment and charges nothing (SEED 000/001).
 */
import type { ConnectorContext, Notification, WindowConnector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { sameSignature } from '../signature.ts';
import { toWindowOutcome, wireAmount } from './map.ts';
import {
  approvalResponse, depositNotice, notificationSignature, orderSheetSignature, PAYCO_SANDBOX_KEY, paycoCodes, paycoPaths, type OrderSheetFields,
} from './wire.ts';

/** The window's return carries a certify token for this order: what the approval API turns into a payment. */
const isAuthenticated = (r: Record<string, string>, orderId: string): boolean =>
  Number(r.code ?? 'NaN') === paycoCodes.success && r.sellerOrderReferenceKey === orderId && !!r.paymentCertifyToken && !!r.reserveOrderNo;

export const paycoKey = (ctx: ConnectorContext): string => ctx.channel.secret ?? PAYCO_SANDBOX_KEY;

export const paycoWindow: WindowConnector = {
  notificationAck: 'OK',

  validate(req) {
    // reference §6.1: buyer_tel is required, and PAYCO's window errors without an order name.
    if (!req.buyer.tel) return 'PAYCO 결제에는 buyer_tel 이 필요합니다.';
    if (!req.name) return 'PAYCO 결제에는 name(주문명)이 필요합니다.';
    return null;
  },

  start(ctx, req) {
    const unsigned: Omit<OrderSheetFields, 'signature'> = {
      sellerKey: ctx.channel.pgId,
      sellerOrderReferenceKey: req.orderId,
      totalPaymentAmt: String(wireAmount(req.amount, req.currency)),
      totalTaxfreeAmt: String(wireAmount(req.taxFree, req.currency)),
      orderTitle: req.name ?? '',
      buyerName: req.buyer.name ?? '',
      buyerEmail: req.buyer.email ?? '',
      buyerTel: req.buyer.tel ?? '',
      returnUrl: req.returnUrl,
      serviceUrl: req.notifyUrl,
      autoPaymentYn: req.billing ? 'Y' : 'N',
      orderChannel: req.device === 'mobile' ? 'MOBILE' : 'PC',
      vbankExpireYmdt: req.vbankDue === null ? '' : String(req.vbankDue),
    };
    const fields: OrderSheetFields = { ...unsigned, signature: orderSheetSignature(unsigned, paycoKey(ctx)) };
    return { method: 'POST', url: `${ctx.baseUrl.replace(/\/$/, '')}${paycoPaths.orderSheet}`, fields };
  },

  approvesOnComplete: (req) => isAuthenticated(req.returned, req.orderId),

  async complete(ctx, req) {
    const r = req.returned;
    const code = Number(r.code ?? 'NaN');
    if (code === paycoCodes.userCancelled) return { kind: 'user_cancelled', pgMessage: r.message ?? '' };
    if (!isAuthenticated(r, req.orderId)) {
      return { kind: 'declined', pgTid: null, pgCode: Number.isNaN(code) ? String(paycoCodes.badToken) : String(code), pgMessage: r.message ?? '' };
    }
    const json = {
      sellerKey: ctx.channel.pgId, reserveOrderNo: r.reserveOrderNo, sellerOrderReferenceKey: req.orderId,
      // PAYCO checks this against the signed order sheet; a changed amount is refused.
      paymentCertifyToken: r.paymentCertifyToken, totalPaymentAmt: req.amount ?? Number(r.totalPaymentAmt ?? 'NaN'),
    };
    return toWindowOutcome(await callPg(ctx, { method: 'POST', path: paycoPaths.approval, json, schema: approvalResponse }));
  },

  async parseNotification(ctx, req): Promise<Notification> {
    const form = new URLSearchParams(req.body);
    const response = form.get('response') ?? '';
    if (!sameSignature(form.get('signature') ?? '', notificationSignature(response, paycoKey(ctx)))) return { kind: 'rejected', reason: 'bad signature' };
    let parsed;
    try {
      parsed = depositNotice.safeParse(JSON.parse(response));
    } catch {
      return { kind: 'rejected', reason: 'response is not JSON' };
    }
    if (!parsed.success) return { kind: 'rejected', reason: 'not a PAYCO deposit notice' };
    const n = parsed.data;
    if (n.sellerKey !== ctx.channel.pgId) return { kind: 'rejected', reason: 'notice for another seller' };
    return { kind: 'vbank_deposit', orderId: n.sellerOrderReferenceKey, pgTid: n.orderNo, amount: n.paymentAmt, depositorName: n.depositorName || null };
  },
};
