/**
 * The PAYCO connector on PAYCO's outseller API (pg-protocols.md §2, docs/pgs/payco.md): window payments
 * (window.ts), charges and deletion of auto-payment registrations made in the billing window, cancels
 * after PAYCO's availability check, order lookups (`getDetailForVerify`) and the order product status
 * update. No key-in: PAYCO has no API billing (SEED 000). The channel's pgId is the sellerKey.
 */
import type { Connector, ConnectorContext, TransactionStatus } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { paycoCancel } from './cancel.ts';
import { paycoCapabilities } from './capabilities.ts';
import { paycoCaller, verifyOrder } from './calls.ts';
import { readRef } from './ref.ts';
import { issuedVbank } from '../vbank-issue.ts';
import { approvedOf, autoPaymentKeyOf, bad, declinedOf, partsOf, windowOutcomeOf, wireAmount } from './map.ts';
import { orderProduct, paycoWindow, taxSplit } from './window.ts';
import { autoPaymentResponse, cancelCheckResponse, orderResponse, paycoCodes, paycoPaths, plainResponse, type PaycoOrder } from './wire.ts';

/** PAYCO's "system error" answer of its samples (`9999`): not a fact about the order. */
const SYSTEM_ERROR = 9999;

export const payco: Connector = {
  provider: 'payco',
  capabilities: paycoCapabilities,
  window: paycoWindow,

  async chargeBillingKey(ctx, req) {
    const key = autoPaymentKeyOf(req.billingKey);
    const total = wireAmount(req.amount, req.currency);
    const taxFree = wireAmount(req.taxFree, req.currency);
    const name = req.name ?? '';
    // Fields of PAYCO's auto-payment sample (3P PaycoServiceImpl.paycoPayment, written from PAYCO's autoPayment pages).
    const json = {
      sellerKey: ctx.channel.pgId, autoPaymentNo: key.no, autoPaymentCertifyKey: key.certifyKey,
      sellerOrderReferenceKey: req.orderId, sellerOrderReferenceKeyType: 'UNIQUE_KEY', currency: 'KRW',
      totalPaymentAmt: total, ...taxSplit(total, taxFree), orderTitle: name, orderProducts: [orderProduct(ctx, req.orderId, name, total, taxFree)],
    };
    const r = await callPg(ctx, { method: 'POST', path: paycoPaths.autoPayment, json, schema: autoPaymentResponse });
    if (r.code !== paycoCodes.success) return declinedOf(r);
    if (!r.result) throw bad('auto-payment without result');
    if (r.result.totalPaymentAmt != null && r.result.totalPaymentAmt !== total) throw bad('charged a different amount');
    const details = r.result.paymentDetails ?? [];
    return approvedOf({ orderNo: r.result.orderNo, paymentDetails: details, orderCertifyKey: r.result.orderCertifyKey });
  },

  cancel: paycoCancel,

  /** openimp's REST virtual account (POST /vbanks), in PAYCO's style: PAYCO documents no such call (docs/differences.md). */
  async issueVbank(ctx, req) {
    const total = wireAmount(req.amount, req.currency);
    const due = new Date((req.due + 9 * 3600) * 1000).toISOString();
    const json = {
      ...paycoCaller(ctx), sellerOrderReferenceKey: req.orderId, totalPaymentAmt: total, ...taxSplit(total, wireAmount(req.taxFree, req.currency)),
      orderTitle: req.name ?? '', bankCode: req.bankCode, accountHolder: req.holder ?? '', nonBankbookDepositInformUrl: req.notifyUrl,
      virtualAccountExpiryYmd: due.slice(0, 10).replaceAll('-', '') + due.slice(11, 19).replaceAll(':', ''),
    };
    return issuedVbank('PAYCO', windowOutcomeOf(await callPg(ctx, { method: 'POST', path: paycoPaths.vbankIssue, json, schema: orderResponse }), total));
  },

  async getTransaction(ctx, req): Promise<TransactionStatus> {
    const r = await verifyOrder(ctx, req.orderId, readRef(req.pgRef).reserveOrderNo ?? req.returned?.reserveOrderNo ?? null);
    if (r.code === SYSTEM_ERROR) throw bad(`verify answered ${r.code}`);
    // PAYCO knows no order under this key. In PAY2 only openimp's approval call approves, and every call
    // that may follow one carries its reserveOrderNo: PAYCO never approved this order.
    if (r.code !== paycoCodes.success) return { kind: 'not_found' };
    if (!r.result) throw bad('verify without result');
    if (r.result.sellerOrderReferenceKey !== req.orderId) throw bad('verify answered another order');
    if (r.result.paymentCompletionYn !== 'Y') return { kind: 'pending' };
    return { ...approvedOf(r.result), refunds: { total: await refundedOf(ctx, r.result), cancels: null } };
  },

  async paymentParts(ctx, req) {
    const r = await verifyOrder(ctx, req.orderId, readRef(req.pgRef).reserveOrderNo);
    if (r.code !== paycoCodes.success || !r.result) throw bad(`verify answered ${r.code}`);
    return partsOf(r.result.paymentDetails);
  },

  async deleteBillingKey(ctx, req) {
    const key = autoPaymentKeyOf(req.billingKey);
    const json = { sellerKey: ctx.channel.pgId, sellerAutoPaymentReferenceKey: key.ref, autoPaymentCertifyKey: key.certifyKey };
    const r = await callPg(ctx, { method: 'POST', path: paycoPaths.autoDelete, json, schema: plainResponse });
    return r.code === paycoCodes.success ? { kind: 'deleted' } : { kind: 'rejected', pgCode: String(r.code), pgMessage: r.message };
  },

  async updateOrderStatus(ctx, req) {
    // PAYCO sample page "주문 상태 변경": orderNo, sellerOrderProductReferenceKey, orderProductStatus.
    const json = { sellerKey: ctx.channel.pgId, orderNo: req.pgTid, sellerOrderProductReferenceKey: req.orderId, orderProductStatus: req.status };
    const r = await callPg(ctx, { method: 'POST', path: paycoPaths.updateStatus, json, schema: plainResponse });
    return r.code === paycoCodes.success ? { kind: 'updated' } : { kind: 'rejected', pgCode: String(r.code), pgMessage: r.message };
  },
};

/**
 * What PAYCO has refunded of an order, from its own books: the order total less what its cancel
 * availability check says can still be cancelled. PAYCO reports no list of cancels here.
 */
async function refundedOf(ctx: ConnectorContext, o: PaycoOrder): Promise<number> {
  const json = { sellerKey: paycoCaller(ctx).sellerKey, orderNo: o.orderNo, cancelTotalAmt: o.totalPaymentAmt };
  const r = await callPg(ctx, { method: 'POST', path: paycoPaths.cancelCheck, json, schema: cancelCheckResponse });
  const left = r.code === paycoCodes.success ? (r.result?.totalCancelPossibleAmt ?? r.result?.pgCancelPossibleAmt) : undefined;
  if (left == null) throw bad(`cancel availability answered ${r.code} without an amount`);
  return o.totalPaymentAmt - left;
}
