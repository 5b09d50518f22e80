/**
 * PAYCO cancels (payco_cancel.php, payco_cancel_check.php): the order's `orderCertifyKey` from
 * `getDetailForVerify` (openimp keeps no PAYCO secret of its own), then
 * `/outseller/order/cancel/checkAvailability`, then `/outseller/order/cancel` with the amount and its
 * tax split. A partial cancel names the order product and the amount cancelled from it.
 */
import { vatOf } from '../../core/money.ts';
import type { CancelRequest, CancelResult, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { paycoCaller, verifyOrder } from './calls.ts';
import { readRef } from './ref.ts';
import { bad, wireAmount } from './map.ts';
import { cancelCheckResponse, cancelResponse, paycoCodes, paycoPaths } from './wire.ts';

const rejected = (pgCode: string, pgMessage: string): CancelResult => ({ kind: 'rejected', pgCode, pgMessage });

export async function paycoCancel(ctx: ConnectorContext, req: CancelRequest): Promise<CancelResult> {
  const kept = readRef(req.pgRef);
  let orderCertifyKey = kept.orderCertifyKey;
  if (!orderCertifyKey) {
    // Not kept (a payment approved before openimp kept it): PAYCO's own order detail answers it.
    const found = await verifyOrder(ctx, req.orderId, kept.reserveOrderNo);
    if (found.code !== paycoCodes.success || !found.result) return rejected(String(found.code), found.message || 'PAYCO 주문을 찾을 수 없습니다.');
    if (found.result.orderNo !== req.pgTid) throw bad('verify answered another order number');
    if (!found.result.orderCertifyKey) throw bad('verify answered no orderCertifyKey');
    orderCertifyKey = found.result.orderCertifyKey;
  }
  const order = { orderNo: req.pgTid, orderCertifyKey };

  const amount = wireAmount(req.amount, req.currency);
  const taxFree = wireAmount(req.taxFree, req.currency);
  const remaining = wireAmount(req.remaining, req.currency);
  const { sellerKey, cpId, productId } = paycoCaller(ctx);
  // Products only for a partial cancel (payco_cancel.php): the one product openimp reserved, and how much of it.
  const orderProducts = amount === remaining ? [] : [{
    cpId, productId, productAmt: amount, sellerOrderProductReferenceKey: req.orderId, cancelDetailContent: req.reason ?? '',
  }];

  const check = await callPg(ctx, {
    method: 'POST', path: paycoPaths.cancelCheck, json: { sellerKey, orderNo: order.orderNo, cancelTotalAmt: amount, orderProducts }, schema: cancelCheckResponse,
  });
  if (check.code !== paycoCodes.success || !check.result) return rejected(String(check.code), check.message);
  if (check.result.cancelPossibleYn !== 'Y') return rejected('cancelPossibleYn=N', check.result.cancelImpossibleReason ?? 'PAYCO 가 취소할 수 없는 주문입니다.');
  // What PAYCO can still cancel must be our balance: otherwise a refund happened that openimp has not recorded.
  const possible = check.result.totalCancelPossibleAmt ?? check.result.pgCancelPossibleAmt;
  if (possible != null && possible !== remaining) {
    return rejected('balance_mismatch', `PAYCO 취소 가능 금액(${possible})이 openimp 잔액(${remaining})과 다릅니다.`);
  }

  const vat = vatOf(amount, taxFree);
  const json = {
    sellerKey, orderNo: order.orderNo, orderCertifyKey: order.orderCertifyKey, sellerOrderReferenceKey: req.orderId,
    cancelTotalAmt: amount, totalCancelTaxfreeAmt: taxFree, totalCancelTaxableAmt: amount - taxFree - vat, totalCancelVatAmt: vat,
    totalCancelPossibleAmt: remaining, requestMemo: req.reason ?? '', ...(orderProducts.length ? { orderProducts } : {}),
  };
  const r = await callPg(ctx, { method: 'POST', path: paycoPaths.cancel, json, schema: cancelResponse });
  if (r.code !== paycoCodes.success) return rejected(String(r.code), r.message);
  if (!r.result) throw bad('cancel without result');
  return { kind: 'cancelled', pgCancelTid: r.result.cancelTradeSeq, receiptUrl: null };
}
