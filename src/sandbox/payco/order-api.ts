/**
 * The fake PAYCO's one-time payment (PAY2, pg-protocols.md §2.4): the order reserve that opens an
 * order sheet, what the sheet sends back to `returnUrl`, the approval of a `paymentCertifyToken`,
 * and `getDetailForVerify`, the server-to-server re-query that settles unknown outcomes.
 */
import type { BookTx } from '../books.ts';
import { reply, type Json, type JsonReply } from '../json-api.ts';
import type { WindowApproval } from '../operations.ts';
import { invalidCardMessage } from '../test-cards.ts';
import type { SessionInit, WindowAuth, WindowSession } from '../window-session.ts';
import { fail, ok, provider, sellerOf, type PaycoCtx } from './context.ts';
import { orderResult, partsOf, verifyResult, type PaycoOrder } from './orders.ts';
import { readOrderReserve, type Reservation } from './reserve.ts';
import { sandboxMember } from './sheet.ts';
import { amountOf, paycoCodes as C, paycoDeclines, paycoMethods as M, paycoPaths as P } from './wire.ts';

/** What an order sheet (or a registration sheet) shows, from its reservation. */
export function sheetSession(r: Reservation, certifyToken: string): SessionInit {
  const auto = r.kind === 'auto';
  return {
    provider, mid: r.sellerKey, orderId: r.ref, amount: r.amount, currency: 'KRW', taxFree: r.split.taxFree, name: r.title,
    buyer: { name: sandboxMember.name, email: '', tel: '' },
    methods: auto ? ['card'] : ['card', 'trans', 'vbank'], billing: auto,
    ...(auto ? {} : { wallets: [{ code: 'point', name: 'PAYCO 포인트 (전액 결제)' }] }),
    amountNote: auto ? '표시용 금액입니다. 자동결제 등록 시 결제되지 않습니다.' : null,
    cardCodes: null, directQuota: null, quotas: !auto && r.amount >= 50_000 ? [2, 3, 6, 12] : [],
    vbankDue: r.vbankDue, returnUrl: r.returnUrl, notifyUrl: r.depositUrl ?? '',
    extra: { certifyToken, reserveOrderNo: r.reserveOrderNo },
  };
}

/** A reservation for a reserve call that passed its checks: numbers drawn, sheet session opened. */
export async function openSheet(ctx: PaycoCtx, seller: string, read: Omit<Reservation, 'reserveOrderNo' | 'sessionId' | 'sellerKey'>, base: string, path: string): Promise<JsonReply> {
  const reserveOrderNo = await ctx.books.newId(ctx.newNo);
  const draft: Reservation = { ...read, sellerKey: seller, reserveOrderNo, sessionId: '' };
  const s = await ctx.win.start(sheetSession(draft, ctx.newSecret(48)));
  await ctx.saveReservation({ ...draft, sessionId: s.id });
  return ok({ reserveOrderNo, orderSheetUrl: `${base}${path}${reserveOrderNo}` });
}

export async function reserve(ctx: PaycoCtx, b: Json, base: string): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const read = readOrderReserve(b, ctx.now());
  if ('code' in read) return fail(read.code, read.message);
  if (!read.products.every((p) => ctx.contracted(seller, p.cpId, p.productId))) return fail(C.badProduct, '가맹점에 등록되지 않은 상점ID(cpId) 또는 상품ID(productId) 입니다');
  const existing = await ctx.books.findOrder(seller, read.ref);
  if (existing && existing.state !== 'declined') return fail(C.duplicateOrder, '이미 결제된 주문번호(sellerOrderReferenceKey) 입니다');
  return openSheet(ctx, seller, read, base, P.orderSheet);
}

const taxationType = (r: Reservation): string => (r.split.taxFree === 0 ? 'TAXATION' : r.split.taxFree === r.amount ? 'DUTYFREE' : 'COMBINE');

/** PAYCO's fields first, then the seller's returnUrlParam members (never over PAYCO's own). */
export function withParams(r: Reservation, fields: Record<string, string>): Record<string, string> {
  return { ...fields, ...Object.fromEntries(Object.entries(r.returnParams).filter(([k]) => !(k in fields))) };
}

/** Where the order sheet sends the browser (recorded PAY2 returnUrl query), with the seller's returnUrlParam members. */
export function orderReturn(ctx: PaycoCtx, r: Reservation, s: WindowSession, a: WindowAuth): Record<string, string> {
  if (a.result === 'cancelled') return withParams(r, { code: String(C.userCancelled), message: '사용자가 결제를 취소하였습니다.', reserveOrderNo: r.reserveOrderNo, sellerOrderReferenceKey: r.ref });
  if (a.result === 'declined') return withParams(r, { code: String(C.paymentFailed), message: a.message, reserveOrderNo: r.reserveOrderNo, sellerOrderReferenceKey: r.ref });
  const coupon = Number(s.extra.coupon ?? '0');
  const point = a.wallet?.code === 'point' ? r.amount - coupon : 0;
  const main = a.wallet?.code === 'point' ? M.point : a.method === 'trans' ? M.trans : a.method === 'vbank' ? M.vbank : M.card;
  return withParams(r, {
    code: '0', reserveOrderNo: r.reserveOrderNo, sellerOrderReferenceKey: r.ref, mainPgCode: main, totalPaymentAmt: String(r.amount),
    totalRemoteAreaDeliveryFeeAmt: '0', discountAmt: String(coupon), pointAmt: String(point), paymentCertifyToken: s.extra.certifyToken!,
    taxationType: taxationType(r), totalTaxfreeAmt: String(r.split.taxFree), totalTaxableAmt: String(r.split.taxable), totalVatAmt: String(r.split.vat),
    bid: ctx.newSecret(18).toUpperCase().replace(/[^A-Z0-9]/g, '7'),
  });
}

/** PAYCO's own record of an order, made once when the books' transaction exists. */
export function newOrder(ctx: PaycoCtx, tx: BookTx, r: Pick<Reservation, 'products' | 'split' | 'orderChannel'> & { reserveOrderNo: string | null }, coupon: number, autoPaymentNo: string | null): PaycoOrder {
  const status = tx.state === 'awaiting_deposit' ? 'OPSWAIT' : 'OPSPAED';
  return {
    orderNo: tx.tid, reserveOrderNo: r.reserveOrderNo, orderCertifyKey: ctx.newSecret(35), orderChannel: r.orderChannel,
    products: r.products.map((p) => ({ ...p, orderProductNo: ctx.newNo(), statusCode: status })),
    parts: partsOf(tx, coupon, r.split, ctx.newNo), cancels: [], sellerStatus: {}, autoPaymentNo,
  };
}

/** A card charge the card company refused, or the card data PAYCO refused: PAYCO's code and message, no result. */
export function chargeRefusal(a: Extract<WindowApproval, { kind: 'declined' | 'invalid' }>, delayMs: number): JsonReply {
  if (a.kind === 'invalid') return reply({ code: C.invalidCard, message: invalidCardMessage }, delayMs);
  const d = paycoDeclines[a.reason];
  return reply({ code: d.code, message: d.msg }, delayMs);
}

export async function approval(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const r = typeof b.reserveOrderNo === 'string' ? await ctx.reservation(b.reserveOrderNo) : undefined;
  if (!r || r.kind !== 'order' || r.sellerKey !== seller || r.ref !== b.sellerOrderReferenceKey) return fail(C.noReservation, '주문예약 정보가 없습니다 (reserveOrderNo, sellerOrderReferenceKey)');
  const s = await ctx.win.sessions.get(r.sessionId);
  if (!s || typeof b.paymentCertifyToken !== 'string' || s.extra.certifyToken !== b.paymentCertifyToken || s.auth?.result !== 'authenticated') {
    return fail(C.badCertifyToken, '결제인증 토큰(paymentCertifyToken)이 올바르지 않습니다');
  }
  if (amountOf(b.totalPaymentAmt) !== r.amount) return fail(C.amountMismatch, '결제금액(totalPaymentAmt)이 주문예약 금액과 다릅니다');
  if (r.expiresAt !== null && ctx.now() > r.expiresAt) return fail(C.badCertifyToken, '결제 가능 시간(payExpiryYmdt)이 지났습니다');
  // One at a time: an order number another sheet (or a REST vbank) already paid is not charged again.
  return ctx.exclusive(async () => {
    const prior = await ctx.books.findOrder(seller, r.ref);
    if (prior && prior.state !== 'declined' && (await ctx.order(prior.tid))?.reserveOrderNo !== r.reserveOrderNo) {
      return fail(C.duplicateOrder, '이미 결제된 주문번호(sellerOrderReferenceKey) 입니다');
    }
    const a = await ctx.ops.approveWindow(s, () => false);
    if (a.kind === 'garbage') return 'garbage';
    if (a.kind === 'declined' || a.kind === 'invalid') return chargeRefusal(a, 'delayMs' in a ? a.delayMs : 0);
    if (a.kind !== 'paid' && a.kind !== 'vbank') return fail(C.paymentFailed, '결제에 실패했습니다');
    let o = await ctx.order(a.tx.tid);
    if (!o) {
      o = newOrder(ctx, a.tx, r, Number(s.extra.coupon ?? '0'), null);
      await ctx.saveOrder(o);
    }
    return ok(orderResult(a.tx, o, null), a.delayMs);
  });
}

/**
 * `getDetailForVerify` {sellerKey, reserveOrderNo, sellerOrderReferenceKey}: an order paid through an
 * order sheet is found with its reservation number; an auto-payment charge (no reservation) by the
 * seller's order number alone.
 */
export async function verify(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  if (typeof b.sellerOrderReferenceKey !== 'string') return fail(C.badParam, 'sellerOrderReferenceKey 가 필요합니다');
  const reserveNo = typeof b.reserveOrderNo === 'string' && b.reserveOrderNo !== '' ? b.reserveOrderNo : null;
  if (reserveNo) {
    const r = await ctx.reservation(reserveNo);
    if (!r || r.sellerKey !== seller || r.ref !== b.sellerOrderReferenceKey) return fail(C.noReservation, '주문예약 정보가 없습니다');
  }
  const tx = await ctx.books.findOrder(seller, b.sellerOrderReferenceKey);
  const o = tx ? await ctx.order(tx.tid) : undefined;
  if (!tx || (tx.state === 'declined' && !o)) return fail(C.noOrder, '결제된 주문이 없습니다');
  if (!o || o.reserveOrderNo !== reserveNo) return fail(C.noReservation, '주문예약 정보가 없습니다');
  return ok(verifyResult(tx, o));
}

/** `/outseller/order/updateOrderProductStatus` {sellerKey, orderNo, sellerOrderProductReferenceKey, orderProductStatus}. */
export async function updateStatus(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  const status = b.orderProductStatus;
  if (status !== 'DELIVERY_START' && status !== 'PURCHASE_DECISION') return fail(C.badParam, 'orderProductStatus 는 DELIVERY_START 또는 PURCHASE_DECISION 입니다');
  return ctx.exclusive(async () => {
    const tx = typeof b.orderNo === 'string' ? await ctx.books.findTx(b.orderNo) : undefined;
    const o = tx && tx.mid === seller ? await ctx.order(tx.tid) : undefined;
    if (!tx || !o) return fail(C.noOrder, '주문 정보가 없습니다 (orderNo)');
    const p = o.products.find((x) => x.sellerOrderProductReferenceKey === b.sellerOrderProductReferenceKey);
    if (!p) return fail(C.badParam, '주문상품 연동 키(sellerOrderProductReferenceKey)가 주문에 없습니다');
    if (p.statusCode === 'OPSCANC' || p.statusCode === 'OPSWAIT') return fail(C.badParam, `${p.statusCode === 'OPSCANC' ? '취소된' : '입금 대기 중인'} 주문상품의 상태는 바꿀 수 없습니다`);
    if (status === 'DELIVERY_START' && p.statusCode === 'PURCHASE_DECISION') return fail(C.badParam, '구매확정된 주문상품입니다');
    p.statusCode = status;
    o.sellerStatus[p.sellerOrderProductReferenceKey] = status;
    await ctx.saveOrder(o);
    return ok({ orderNo: o.orderNo, sellerOrderProductReferenceKey: p.sellerOrderProductReferenceKey, orderProductStatus: status });
  });
}

/** `/outseller/code/checkUsability` {sellerKey, codes: [{codeKind CP_ID|PRODUCT_ID, codeValue, upperCodeValue}]} (PAYCO's payco_key_check sample). */
export function checkUsability(ctx: PaycoCtx, b: Json): JsonReply {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  if (!Array.isArray(b.codes) || b.codes.length === 0) return fail(C.badParam, 'codes 가 필요합니다');
  const codes = (b.codes as Json[]).map((c) => {
    const usable = c?.codeKind === 'CP_ID' ? ctx.contracted(seller, c.codeValue)
      : c?.codeKind === 'PRODUCT_ID' ? ctx.contracted(seller, c.upperCodeValue, c.codeValue) : false;
    return { codeKind: c?.codeKind ?? null, codeValue: c?.codeValue ?? null, usableYn: usable ? 'Y' : 'N' };
  });
  return ok({ sellerKey: seller, codes });
}
