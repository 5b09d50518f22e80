/**
 * The PAYCO window in PAY2 mode (pg-protocols.md §2.4): the order is reserved server to server
 * (`/outseller/order/reserve`), the browser opens the `orderSheetUrl` PAYCO answers, PAYCO sends it
 * back to `returnUrl` with a `paymentCertifyToken`, and `complete` approves with
 * `/outseller/payment/approval`. A billing window (customer_uid) registers an auto-payment instead
 * (`/outseller/autoPayment/reserve`, then `/info`) and charges nothing (SEED 000/001).
 */
import { vatOf } from '../../core/money.ts';
import type { ConnectorContext, Notification, WindowConnector, WindowOutcome, WindowRequest } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { autoInfoResponse, orderResponse, paycoCodes, paycoPaths, reserveResponse, type ReserveResponse } from './wire.ts';
import { billingKeyOf, declinedOf, wireAmount, windowOutcomeOf } from './map.ts';
import { paycoCaller, verifyOrder } from './calls.ts';

/** The window's return is PAYCO's PAY2 authentication of this order: what the approval call turns into a payment. */
const isPaymentReturn = (r: Record<string, string>, orderId: string): boolean =>
  r.code === String(paycoCodes.success) && r.sellerOrderReferenceKey === orderId && !!r.paymentCertifyToken && !!r.reserveOrderNo;

/** A billing window's return: the registration PAYCO made (3P autoPayment_return: the reference key and certify key). */
const isAutoPaymentReturn = (r: Record<string, string>, orderId: string): boolean =>
  (r.code === undefined || r.code === String(paycoCodes.success)) && r.sellerAutoPaymentReferenceKey === orderId && !!r.autoPaymentCertifyKey;

/** The tax split PAYCO asks for (payco_reserve.php): tax-free, taxable supply and VAT. */
export function taxSplit(amount: number, taxFree: number): { totalTaxfreeAmt: number; totalTaxableAmt: number; totalVatAmt: number } {
  const vat = vatOf(amount, taxFree);
  return { totalTaxfreeAmt: taxFree, totalTaxableAmt: amount - taxFree - vat, totalVatAmt: vat };
}

/** One order product: openimp orders are one product, the contracted cpId/productId (§2.4 orderProducts). */
export function orderProduct(ctx: ConnectorContext, orderId: string, name: string, amount: number, taxFree: number) {
  const { cpId, productId } = paycoCaller(ctx);
  return {
    cpId, productId, productAmt: amount, productPaymentAmt: amount, orderQuantity: 1, sortOrdering: 1, productName: name,
    sellerOrderProductReferenceKey: orderId, taxationType: taxFree === 0 ? 'TAXATION' : taxFree >= amount ? 'DUTYFREE' : 'COMBINE',
  };
}

/** `extraData` is a JSON string (payco_reserve.php): the virtual account's expiry (yyyyMMdd, Korean time) and UI options. */
function extraData(req: WindowRequest): string {
  const extra: Record<string, unknown> = { viewOptions: { showMobileTopGnbYn: 'N', iframeYn: 'N' } };
  if (req.vbankDue !== null) {
    const kst = new Date((req.vbankDue + 9 * 3600) * 1000).toISOString();
    extra.virtualAccountExpiryYmd = kst.slice(0, 10).replaceAll('-', '') + kst.slice(11, 19).replaceAll(':', '');
  }
  return JSON.stringify(extra);
}

function reserveBody(ctx: ConnectorContext, req: WindowRequest) {
  const total = wireAmount(req.amount, req.currency);
  const taxFree = wireAmount(req.taxFree, req.currency);
  const name = req.name ?? '';
  return {
    sellerKey: ctx.channel.pgId, sellerOrderReferenceKey: req.orderId, sellerOrderReferenceKeyType: 'UNIQUE_KEY', currency: 'KRW',
    totalPaymentAmt: total, ...taxSplit(total, taxFree), orderTitle: name, orderMethod: 'EASYPAY', payMode: 'PAY2',
    returnUrl: req.returnUrl, nonBankbookDepositInformUrl: req.notifyUrl, orderChannel: req.device === 'mobile' ? 'MOBILE' : 'PC',
    inAppYn: 'N', individualCustomNoInputYn: 'N', extraData: extraData(req),
    orderProducts: [orderProduct(ctx, req.orderId, name, total, taxFree)],
  };
}

/** The auto-payment registration (3P AutoPayment_Util / PaycoServiceImpl): the amount is shown, not charged. */
function autoReserveBody(ctx: ConnectorContext, req: WindowRequest) {
  return {
    sellerKey: ctx.channel.pgId, cpId: paycoCaller(ctx).cpId, sellerAutoPaymentReferenceKey: req.orderId, currency: 'KRW',
    totalPaymentAmt: wireAmount(req.amount, req.currency), orderTitle: req.name ?? '', returnUrl: req.returnUrl,
    orderMethod: 'EASYPAY', orderChannel: req.device === 'mobile' ? 'MOBILE' : 'PC', inAppYn: 'N', extraData: extraData(req),
  };
}

const opened = (r: ReserveResponse) =>
  r.code === paycoCodes.success && r.result
    ? { method: 'GET' as const, url: r.result.orderSheetUrl, fields: {} }
    : declinedOf(r);

export const paycoWindow: WindowConnector = {
  // What openimp answers PAYCO's deposit notice (the serviceUrl convention, payco_callback.php: plain `OK`).
  notificationAck: 'OK',

  validate(req) {
    // buyer_tel is required (SEED 000/001); PAYCO's order sheet shows the order title.
    if (!req.buyer.tel) return 'PAYCO 결제에는 buyer_tel 이 필요합니다.';
    if (!req.name) return 'PAYCO 결제에는 name(주문명)이 필요합니다.';
    return null;
  },

  async start(ctx, req) {
    if (req.billing) return opened(await callPg(ctx, { method: 'POST', path: paycoPaths.autoReserve, json: autoReserveBody(ctx, req), schema: reserveResponse }));
    return opened(await callPg(ctx, { method: 'POST', path: paycoPaths.reserve, json: reserveBody(ctx, req), schema: reserveResponse }));
  },

  approvesOnComplete: (req) => isPaymentReturn(req.returned, req.orderId),

  async complete(ctx, req): Promise<WindowOutcome> {
    const r = req.returned;
    if (r.code === String(paycoCodes.userCancelled)) return { kind: 'user_cancelled', pgMessage: r.message ?? '' };
    if (isAutoPaymentReturn(r, req.orderId)) return registered(ctx, r);
    if (!isPaymentReturn(r, req.orderId)) {
      return declinedOf({ code: /^-?[0-9]+$/.test(r.code ?? '') ? Number(r.code) : -1, message: r.message ?? 'PAYCO 결제 인증 정보가 없습니다.' });
    }
    // The amount approved is ours (the session's), never the browser's: PAYCO refuses one other than the reserved total.
    const expected = req.amount ?? Number(r.totalPaymentAmt);
    const json = {
      sellerKey: ctx.channel.pgId, reserveOrderNo: r.reserveOrderNo, sellerOrderReferenceKey: req.orderId,
      paymentCertifyToken: r.paymentCertifyToken, totalPaymentAmt: expected,
    };
    const approval = await callPg(ctx, { method: 'POST', path: paycoPaths.approval, json, schema: orderResponse });
    if (approval.code === paycoCodes.success) return windowOutcomeOf(approval, expected);
    // A refused approval may be a repeated one (a lost answer, a second return): what PAYCO holds decides.
    const held = await verifyOrder(ctx, req.orderId, r.reserveOrderNo);
    const outcome = held.code === paycoCodes.success && held.result?.sellerOrderReferenceKey === req.orderId ? windowOutcomeOf(held, expected) : null;
    return outcome && (outcome.kind === 'approved' || outcome.kind === 'vbank_issued') ? outcome : windowOutcomeOf(approval, expected);
  },

  /**
   * PAYCO's deposit notice (`nonBankbookDepositInformUrl`): its fields are not public, so openimp reads
   * only the order it names (`sellerOrderReferenceKey`, from a `response` JSON form field as PAYCO's
   * service callback sends, or a JSON body) and takes the facts from `getDetailForVerify`: PAYCO signs
   * nothing, its integrity rule is the server-to-server re-query (§2.3).
   */
  async parseNotification(ctx, req): Promise<Notification> {
    const named = noticeOrder(req.body);
    if (!named) return { kind: 'rejected', reason: 'not a PAYCO deposit notice' };
    const r = await verifyOrder(ctx, named.orderId, named.reserveOrderNo);
    if (r.code !== paycoCodes.success || !r.result) return { kind: 'rejected', reason: `PAYCO does not know the order (${r.code})` };
    const o = r.result;
    if (o.sellerOrderReferenceKey !== named.orderId) return { kind: 'rejected', reason: 'PAYCO answered another order' };
    if (o.paymentCompletionYn !== 'Y') return { kind: 'rejected', reason: 'PAYCO has no deposit for this order' };
    return { kind: 'vbank_deposit', orderId: o.sellerOrderReferenceKey, pgTid: o.orderNo, amount: o.totalPaymentAmt, depositorName: null };
  },
};

async function registered(ctx: ConnectorContext, r: Record<string, string>): Promise<WindowOutcome> {
  const json = { sellerKey: ctx.channel.pgId, sellerAutoPaymentReferenceKey: r.sellerAutoPaymentReferenceKey, autoPaymentCertifyKey: r.autoPaymentCertifyKey };
  const info = await callPg(ctx, { method: 'POST', path: paycoPaths.autoInfo, json, schema: autoInfoResponse });
  if (info.code !== paycoCodes.success || !info.result) return declinedOf(info);
  const k = info.result;
  return {
    kind: 'billing_key_issued', buyerEmail: null, charge: null,
    billingKey: billingKeyOf({ ref: k.sellerAutoPaymentReferenceKey, no: k.autoPaymentNo, certifyKey: k.autoPaymentCertifyKey }),
    card: { code: k.corporationCode, name: k.corporationName, number: k.pinNo, type: null },
  };
}

function noticeOrder(body: string): { orderId: string; reserveOrderNo: string | null } | null {
  const form = new URLSearchParams(body);
  let v: unknown;
  try {
    v = JSON.parse(form.get('response') ?? body);
  } catch {
    v = Object.fromEntries(form);
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.sellerOrderReferenceKey !== 'string' || o.sellerOrderReferenceKey === '') return null;
  return { orderId: o.sellerOrderReferenceKey, reserveOrderNo: typeof o.reserveOrderNo === 'string' && o.reserveOrderNo !== '' ? o.reserveOrderNo : null };
}
