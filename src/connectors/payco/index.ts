/**
 * The PAYCO connector: window payments (window.ts), auto-payment charges of keys issued in the
 * window, cancels and order lookups. No key-in: PAYCO has no API billing (reference §6.1, SEED 000).
 * The channel's pgId is the seller key.
 */
import type { Connector, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { paycoCapabilities } from './capabilities.ts';
import { issuedVbank } from '../vbank-issue.ts';
import { toCancelResult, toChargeResult, toTransactionStatus, toWindowOutcome, wireAmount } from './map.ts';
import { paycoKey, paycoWindow } from './window.ts';
import { approvalResponse, cancelResponse, orderResponse, orderSheetSignature, PAYCO_SANDBOX_CP_ID, PAYCO_SANDBOX_PRODUCT_ID, paycoCodes, paycoPaths } from './wire.ts';

/** Who is calling: sellerKey with the contracted cpId and productId (pg-protocols.md §2). */
const caller = (ctx: ConnectorContext) => ({
  sellerKey: ctx.channel.pgId, cpId: ctx.channel.cpId ?? PAYCO_SANDBOX_CP_ID, productId: ctx.channel.productId ?? PAYCO_SANDBOX_PRODUCT_ID,
});

const detail = (ctx: ConnectorContext, orderId: string) =>
  callPg(ctx, { method: 'POST', path: paycoPaths.detail, json: { ...caller(ctx), sellerOrderReferenceKey: orderId }, schema: orderResponse });

export const payco: Connector = {
  provider: 'payco',
  capabilities: paycoCapabilities,
  window: paycoWindow,

  async chargeBillingKey(ctx, req) {
    const json = {
      ...caller(ctx), autoPaymentKey: req.billingKey, sellerOrderReferenceKey: req.orderId,
      totalPaymentAmt: wireAmount(req.amount, req.currency), totalTaxfreeAmt: wireAmount(req.taxFree, req.currency),
      orderTitle: req.name ?? '', buyerEmail: req.buyer.email ?? '', cardInstallmentMonthNumber: String(req.cardQuota <= 1 ? 0 : req.cardQuota).padStart(2, '0'),
    };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: paycoPaths.autoPayment, json, schema: orderResponse }), req.amount);
  },

  async cancel(ctx, req) {
    // PAYCO cancels need the order's orderCertifyKey, which the order detail answers (pg-protocols.md §2.3).
    const found = await detail(ctx, req.orderId);
    const orderCertifyKey = found.code === paycoCodes.success ? found.result?.orderCertifyKey : undefined;
    if (!orderCertifyKey) return { kind: 'rejected', pgCode: String(found.code), pgMessage: found.code === paycoCodes.success ? 'order detail without orderCertifyKey' : found.message };
    const json = {
      ...caller(ctx), orderNo: req.pgTid, orderCertifyKey, sellerOrderReferenceKey: req.orderId,
      // ALL must equal PAYCO's balance, so a stale `remaining` cannot over-refund (same rule as JTNet).
      cancelType: req.amount === req.remaining ? 'ALL' : 'PART',
      cancelTotalAmt: wireAmount(req.amount, req.currency), totalCancelTaxfreeAmt: wireAmount(req.taxFree, req.currency),
      totalCancelPossibleAmt: wireAmount(req.remaining, req.currency), requestMemo: req.reason ?? '',
    };
    return toCancelResult(await callPg(ctx, { method: 'POST', path: paycoPaths.cancel, json, schema: cancelResponse }));
  },

  async issueVbank(ctx, req) {
    const total = wireAmount(req.amount, req.currency);
    const json = {
      ...caller(ctx), sellerOrderReferenceKey: req.orderId, totalPaymentAmt: total, totalTaxfreeAmt: wireAmount(req.taxFree, req.currency),
      orderTitle: req.name ?? '', bankCode: req.bankCode, accountHolder: req.holder ?? '', vbankExpireYmdt: req.due, serviceUrl: req.notifyUrl,
      signature: orderSheetSignature({ sellerKey: ctx.channel.pgId, sellerOrderReferenceKey: req.orderId, totalPaymentAmt: String(total), autoPaymentYn: 'N' }, paycoKey(ctx)),
    };
    return issuedVbank('PAYCO', toWindowOutcome(await callPg(ctx, { method: 'POST', path: paycoPaths.vbankIssue, json, schema: approvalResponse })));
  },

  async getTransaction(ctx, req) {
    return toTransactionStatus(await detail(ctx, req.orderId));
  },
};
