/**
 * The fake PAYCO's recurring payment ("자동결제", PAYCO's AutoPayment_Util sample and merchant code,
 * pg-protocols.md §2.4): `/outseller/autoPayment/reserve` opens a registration sheet (the amount is
 * shown only, nothing is charged), the sheet sends the buyer back with the registration's
 * `autoPaymentCertifyKey`, `/info` answers `autoPaymentNo` and the card, `/payment` charges it, and
 * `/delete` ends it. The fields of `/payment` and `/info` follow that merchant code; where it is
 * silent (answers, codes) docs/pgs/payco-fake.md lists openimp's guesses.
 */
import type { Json, JsonReply } from '../json-api.ts';
import { sameSecret } from '../simulator.ts';
import { invalidCardMessage } from '../test-cards.ts';
import type { WindowAuth, WindowSession } from '../window-session.ts';
import { fail, ok, sellerOf, type AutoRegistration, type PaycoCtx } from './context.ts';
import { chargeRefusal, newOrder, openSheet, withParams } from './order-api.ts';
import { orderResult } from './orders.ts';
import { readAutoReserve, readSplit, type PaycoProduct, type Reservation } from './reserve.ts';
import { amountOf, paycoCardCodes, paycoCodes as C, paycoDeclines, paycoPaths as P, ymdt } from './wire.ts';

export async function autoReserve(ctx: PaycoCtx, b: Json, base: string): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const read = readAutoReserve(b, ctx.now());
  if ('code' in read) return fail(read.code, read.message);
  if (!ctx.contracted(seller, read.cpId)) return fail(C.badProduct, '가맹점에 등록되지 않은 상점ID(cpId) 입니다');
  // A change of card names the registration it changes (autoPaymentNo + autoPaymentCertifyKey).
  if (b.autoPaymentNo !== undefined && b.autoPaymentNo !== '') {
    const a = await ctx.registrationByNo(String(b.autoPaymentNo));
    if (!a || a.deleted || a.sellerKey !== seller || a.ref !== read.ref || !sameSecret(typeof b.autoPaymentCertifyKey === 'string' ? b.autoPaymentCertifyKey : null, a.autoPaymentCertifyKey)) {
      return fail(C.badAutoPaymentCertifyKey, '변경할 자동결제 정보(autoPaymentNo, autoPaymentCertifyKey)가 올바르지 않습니다');
    }
  }
  return openSheet(ctx, seller, read, base, P.autoSheet);
}

/** The registration sheet's result: registered at once (no approval call), so the seller reads it with /info. */
export async function autoReturn(ctx: PaycoCtx, r: Reservation, s: WindowSession, a: WindowAuth): Promise<Record<string, string>> {
  const back = (code: number, message: string, more: Record<string, string> = {}) =>
    withParams(r, { code: String(code), message, sellerAutoPaymentReferenceKey: r.ref, ...more });
  if (a.result === 'cancelled') return back(C.userCancelled, '사용자가 자동결제 등록을 취소하였습니다.');
  if (a.result === 'declined') return back(C.paymentFailed, a.message);
  const done = await ctx.ops.approveWindow(s, () => false);
  if (done.kind === 'key_refused') {
    const d = done.reason === 'invalid' ? { code: C.invalidCard, msg: invalidCardMessage } : paycoDeclines[done.reason];
    return back(d.code, d.msg);
  }
  if (done.kind !== 'key') return back(C.paymentFailed, '자동결제 등록에 실패했습니다');
  const reg = await ctx.exclusive(async () => {
    const kept = await ctx.store.get<string>(`auto-sheet:${s.id}`);
    if (kept) return (await ctx.registrationByNo(kept))!;
    const old = await ctx.registration(r.sellerKey, r.ref);
    // A new registration of the same reference replaces the old one, whose certify key stops working.
    const next: AutoRegistration = {
      sellerKey: r.sellerKey, ref: r.ref, autoPaymentNo: old && !old.deleted ? old.autoPaymentNo : ctx.newNo(), autoPaymentCertifyKey: ctx.newSecret(64),
      bookKey: done.key.key, cpId: r.cpId!, registeredAt: ctx.now(), deleted: false,
    };
    await ctx.saveRegistration(next);
    await ctx.store.set(`auto-sheet:${s.id}`, next.autoPaymentNo);
    return next;
  });
  return back(C.success, 'success', { reserveOrderNo: r.reserveOrderNo, autoPaymentCertifyKey: reg.autoPaymentCertifyKey });
}

/** The registration named by `sellerAutoPaymentReferenceKey` + `autoPaymentCertifyKey` (or `autoPaymentNo` + key). */
async function named(ctx: PaycoCtx, seller: string, b: Json): Promise<AutoRegistration | null> {
  const a = typeof b.autoPaymentNo === 'string' && b.autoPaymentNo !== '' ? await ctx.registrationByNo(b.autoPaymentNo)
    : typeof b.sellerAutoPaymentReferenceKey === 'string' ? await ctx.registration(seller, b.sellerAutoPaymentReferenceKey) : undefined;
  if (!a || a.deleted || a.sellerKey !== seller) return null;
  return sameSecret(typeof b.autoPaymentCertifyKey === 'string' ? b.autoPaymentCertifyKey : null, a.autoPaymentCertifyKey) ? a : null;
}

const noRegistration = () => fail(C.noAutoPayment, '자동결제 정보가 없습니다 (sellerAutoPaymentReferenceKey, autoPaymentCertifyKey)');

export async function autoInfo(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const a = await named(ctx, seller, b);
  const k = a ? await ctx.books.findKey(a.bookKey) : undefined;
  if (!a || !k) return noRegistration();
  return ok({
    sellerAutoPaymentReferenceKey: a.ref, autoPaymentCertifyKey: a.autoPaymentCertifyKey, autoPaymentNo: a.autoPaymentNo,
    paymentMethodCode: '31', paymentMethodName: '신용카드', pinNo: k.card.number, corporationCode: paycoCardCodes[k.card.code] ?? 'CCBC',
    corporationName: k.card.name, registYmdt: ymdt(a.registeredAt),
  });
}

export async function autoDelete(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  return ctx.exclusive(async () => {
    const a = await named(ctx, seller, b);
    if (!a) return noRegistration();
    await ctx.saveRegistration({ ...a, deleted: true });
    return ok();
  });
}

function chargeProducts(ctx: PaycoCtx, seller: string, v: unknown, amount: number): PaycoProduct[] | { code: number; message: string } {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return { code: C.badParam, message: 'orderProducts 오류' };
  const out: PaycoProduct[] = [];
  for (const p of v as Json[]) {
    if (!ctx.contracted(seller, p?.cpId, p?.productId)) return { code: C.badProduct, message: '가맹점에 등록되지 않은 상점ID(cpId) 또는 상품ID(productId) 입니다' };
    const paid = amountOf(p.productPaymentAmt);
    if (paid === null || typeof p.sellerOrderProductReferenceKey !== 'string') return { code: C.badParam, message: 'orderProducts 항목 오류 (productPaymentAmt, sellerOrderProductReferenceKey)' };
    out.push({
      cpId: String(p.cpId), productId: String(p.productId), productAmt: amountOf(p.productAmt) ?? paid, productPaymentAmt: paid, orderQuantity: amountOf(p.orderQuantity) ?? 1,
      productName: typeof p.productName === 'string' ? p.productName : '', sellerOrderProductReferenceKey: p.sellerOrderProductReferenceKey, taxationType: typeof p.taxationType === 'string' ? p.taxationType : 'TAXATION',
    });
  }
  if (out.length > 0 && out.reduce((n, p) => n + p.productPaymentAmt, 0) !== amount) return { code: C.amountMismatch, message: '주문상품 결제금액의 합이 totalPaymentAmt 와 다릅니다' };
  return out;
}

/** `/outseller/autoPayment/payment`: a charge of the registered card; the same order number again answers its first approval. */
export async function autoPayment(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const a = await named(ctx, seller, b);
  if (!a) return noRegistration();
  const ref = typeof b.sellerOrderReferenceKey === 'string' && b.sellerOrderReferenceKey !== '' && b.sellerOrderReferenceKey.length <= 100 ? b.sellerOrderReferenceKey : null;
  if (!ref) return fail(C.badParam, 'sellerOrderReferenceKey 가 필요합니다');
  if (b.currency !== undefined && b.currency !== 'KRW') return fail(C.badParam, '지원하지 않는 통화입니다');
  const amount = amountOf(b.totalPaymentAmt);
  if (!amount) return fail(C.badParam, 'totalPaymentAmt 오류');
  const split = readSplit(b, amount, 'total');
  if ('code' in split) return fail(split.code, split.message);
  const products = chargeProducts(ctx, seller, b.orderProducts, amount);
  if ('code' in products) return fail(products.code, products.message);
  const r = await ctx.ops.chargeKey({ mid: seller, orderId: ref, amount, currency: 'KRW', taxFree: split.taxFree, buyerEmail: null, key: a.bookKey, quota: 0 });
  if (r.kind === 'garbage') return 'garbage';
  if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 결제된 주문번호(sellerOrderReferenceKey) 입니다');
  if (r.kind === 'unknown_key' || r.kind === 'refused') return noRegistration();
  if (r.kind === 'invalid' || r.kind === 'declined') return chargeRefusal(r, r.kind === 'declined' ? r.delayMs : 0);
  const tx = r.tx;
  const o = await ctx.exclusive(async () => {
    const kept = await ctx.order(tx.tid);
    if (kept) return kept;
    const made = newOrder(ctx, tx, { products, split, orderChannel: 'PC', reserveOrderNo: null }, 0, a.autoPaymentNo);
    await ctx.saveOrder(made);
    return made;
  });
  return ok(orderResult(tx, o, { ref: a.ref }), r.delayMs);
}
