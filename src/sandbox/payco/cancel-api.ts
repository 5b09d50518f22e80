/**
 * The fake PAYCO's cancels (PAYCO's payco_cancel / payco_cancel_check samples, recorded answers):
 * `/outseller/order/cancel` needs the order's `orderCertifyKey`. Without `orderProducts`,
 * `cancelTotalAmt` is what this cancel takes back ("취소할 총 금액", the recurring sample and the
 * recorded call). With them, their `productAmt`s are what it takes back ("취소 상품 금액") and
 * `cancelTotalAmt` is that sum or, as PAYCO's checkout sample fills it, the order's total ("주문서의
 * 총 금액 … 전체취소, 부분취소 전부다"). The tax split fields split the amount taken back, and
 * `totalCancelPossibleAmt`, when sent, must be the balance right now.
 * `/outseller/order/cancel/checkAvailability` answers whether such a cancel would go through.
 */
import type { BookTx } from '../books.ts';
import type { Json, JsonReply } from '../json-api.ts';
import { sameSecret } from '../simulator.ts';
import { fail, ok, sellerOf, sellerTx, type PaycoCtx } from './context.ts';
import { cancelParts, cancelResult, remainingParts, type PaycoOrder } from './orders.ts';
import { readSplit } from './reserve.ts';
import { amountOf, paycoCodes as C } from './wire.ts';

type Asked = { amount: number; productKeys: string[] };

/** The amount asked for and the products named (partial cancel), or why PAYCO refuses the request itself. */
function readAsk(ctx: PaycoCtx, seller: string, tx: BookTx, o: PaycoOrder, b: Json): Asked | { code: number; message: string } {
  const total = amountOf(b.cancelTotalAmt);
  if (!total) return { code: C.badParam, message: '취소금액(cancelTotalAmt) 오류' };
  if (b.orderProducts === undefined || (Array.isArray(b.orderProducts) && b.orderProducts.length === 0)) return { amount: total, productKeys: [] };
  if (!Array.isArray(b.orderProducts)) return { code: C.badParam, message: 'orderProducts 오류' };
  let sum = 0;
  const keys: string[] = [];
  for (const p of b.orderProducts as Json[]) {
    if (!ctx.contracted(seller, p?.cpId, p?.productId)) return { code: C.badProduct, message: '가맹점에 등록되지 않은 상점ID(cpId) 또는 상품ID(productId) 입니다' };
    const known = o.products.find((x) => x.sellerOrderProductReferenceKey === p.sellerOrderProductReferenceKey);
    const amt = amountOf(p.productAmt);
    if (!known || amt === null) return { code: C.badParam, message: '취소 주문상품(sellerOrderProductReferenceKey, productAmt) 오류' };
    sum += amt;
    keys.push(known.sellerOrderProductReferenceKey);
  }
  if (sum === 0 || (total !== sum && total !== tx.amount)) return { code: C.amountMismatch, message: 'cancelTotalAmt 는 취소 상품금액의 합 또는 주문 총 금액입니다' };
  return { amount: sum, productKeys: keys };
}

/** Why a cancel of `amount` cannot happen now, or null. */
function impossible(tx: BookTx, amount: number): string | null {
  if (tx.state === 'awaiting_deposit') return '입금 전인 무통장입금 주문은 취소할 수 없습니다';
  if (tx.state !== 'paid') return '결제 완료된 주문이 아닙니다';
  if (tx.remain === 0) return '이미 전액 취소된 주문입니다';
  if (amount > tx.remain) return `취소 요청금액이 취소 가능금액(${tx.remain})보다 큽니다`;
  return null;
}

export async function cancelCheck(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const tx = await sellerTx(ctx, seller, b.orderNo);
  const o = tx ? await ctx.order(tx.tid) : undefined;
  if (!tx || !o) return fail(C.noOrder, '주문 정보가 없습니다 (orderNo)');
  const ask = readAsk(ctx, seller, tx, o, b);
  if ('code' in ask) return fail(ask.code, ask.message);
  const why = impossible(tx, ask.amount);
  const possible = tx.state === 'paid' ? tx.remain : 0;
  return ok({
    orderNo: tx.tid, cancelPossibleYn: why ? 'N' : 'Y', partCancelPossibleYn: why ? 'N' : 'Y',
    pgCancelPossibleAmt: possible, ...(why ? { cancelImpossibleReason: why } : {}),
  });
}

export async function cancel(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  return ctx.exclusive(async () => {
    const tx = await sellerTx(ctx, seller, b.orderNo);
    const o = tx ? await ctx.order(tx.tid) : undefined;
    if (!tx || !o) return fail(C.noOrder, '주문 정보가 없습니다 (orderNo)');
    if (!sameSecret(typeof b.orderCertifyKey === 'string' ? b.orderCertifyKey : null, o.orderCertifyKey)) return fail(C.badOrderCertifyKey, '주문인증키(orderCertifyKey)가 올바르지 않습니다');
    if (b.sellerOrderReferenceKey !== undefined && b.sellerOrderReferenceKey !== tx.orderId) return fail(C.badParam, 'sellerOrderReferenceKey 가 주문과 다릅니다');
    const ask = readAsk(ctx, seller, tx, o, b);
    if ('code' in ask) return fail(ask.code, ask.message);
    if (b.totalCancelPossibleAmt !== undefined && amountOf(b.totalCancelPossibleAmt) !== (tx.state === 'paid' ? tx.remain : 0)) {
      return fail(C.cancelImpossible, `취소 가능금액(totalCancelPossibleAmt)이 현재 취소 가능금액(${tx.remain})과 다릅니다`);
    }
    const why = impossible(tx, ask.amount);
    if (why) return fail(C.cancelImpossible, why);
    const split = readSplit(b, ask.amount, 'totalCancel');
    if ('code' in split) return fail(split.code, split.message);
    const left = remainingParts(o).reduce((n, p) => n + p.taxFree, 0);
    if (split.taxFree > left) return fail(C.cancelImpossible, `취소 면세금액이 남은 면세금액(${left})보다 큽니다`);
    const done = await ctx.ops.cancel(seller, { tid: tx.tid }, ask.amount, split.taxFree);
    if (done.kind === 'refused') return fail(C.cancelImpossible, '취소할 수 없는 주문입니다');
    const c = { cancelTradeSeq: Number(`2${done.cancel.cancelTid.slice(-9)}`), at: done.cancel.at, amount: ask.amount, parts: cancelParts(o, ask.amount, split, ctx.newNo) };
    o.cancels.push(c);
    for (const p of o.products) {
      if (done.tx.remain === 0 || ask.productKeys.includes(p.sellerOrderProductReferenceKey)) p.statusCode = 'OPSCANC';
    }
    await ctx.saveOrder(o);
    return ok(cancelResult(o, c));
  });
}
