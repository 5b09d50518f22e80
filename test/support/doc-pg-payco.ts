/**
 * PAYCO's outseller API as PAYCO's own material describes it, for a test-mode channel pointed at it
 * (OPENIMP_PAYCO_URL): the reserve table of devcenter.payco.com checkOut1/2 and PAYCO's sample code
 * ("PAYCO기술지원": payco_reserve / payco_cancel_check / payco_cancel / PAY2 approval, read from
 * rydemods/guess_mall), the recorded PAY2 returnUrl query (pg-protocols.md §2.4), and the
 * cardSettleInfo / nonBankbookSettleInfo names of merchant code built on the samples. Never written from
 * openimp's connector. Every request is checked against the table (`problems`).
 */
import { A, N, req, S, violations, type FieldTable } from './doc-fields.ts';
import type { Recorded } from './recording-pg.ts';

const yn = S(1, /^[YN]$/);
const amount = N();
/** devcenter checkOut1/2 "주문 예약 API > INPUT" and payco_reserve.php (lengths from the sample's comments). */
const reserveTable: FieldTable = {
  sellerKey: req(S(100)), sellerOrderReferenceKey: req(S(100)), sellerOrderReferenceKeyType: S(50, /^(UNIQUE_KEY|DUPLICATE_KEY)$/),
  totalPaymentAmt: req(amount), orderTitle: S(), orderMethod: req(S(undefined, /^(CHECKOUT|EASYPAY_F|EASYPAY)$/)), currency: S(3, /^KRW$/),
  serviceUrl: S(1000), serviceUrlParam: S(), returnUrl: S(1000), returnUrlParam: S(1000), nonBankbookDepositInformUrl: S(1000),
  orderChannel: S(undefined, /^(PC|MOBILE)$/), inAppYn: yn, individualCustomNoInputYn: yn, orderSheetUiType: S(undefined, /^(RED|GRAY)$/),
  payMode: S(undefined, /^(PAY1|PAY2)$/), totalTaxfreeAmt: amount, totalTaxableAmt: amount, totalVatAmt: amount,
  extraData: S(undefined, /^\{.*\}$/s),
  orderProducts: req(A({
    cpId: req(S(30)), productId: req(S(50)), productAmt: req(amount), productPaymentAmt: req(amount), orderQuantity: req(N()), option: S(100),
    sortOrdering: req(N()), productName: req(S(4000)), orderConfirmUrl: S(4000), orderConfirmMobileUrl: S(1000), productImageUrl: S(4000),
    sellerOrderProductReferenceKey: S(100), taxationType: S(undefined, /^(TAXATION|DUTYFREE|SMALL|COMBINE)$/),
  })),
};
const cancelProducts = A({ cpId: req(S(30)), productId: req(S(50)), productAmt: req(amount), sellerOrderProductReferenceKey: S(100), cancelDetailContent: S() });

export const paycoTables: Record<string, FieldTable> = {
  '/outseller/order/reserve': reserveTable,
  // The PAY2 approval sample (pg-protocols.md §2.4).
  '/outseller/payment/approval': { sellerKey: req(S(100)), reserveOrderNo: req(S()), sellerOrderReferenceKey: req(S(100)), paymentCertifyToken: req(S()), totalPaymentAmt: req(amount) },
  // payco_cancel_check.php
  '/outseller/order/cancel/checkAvailability': { sellerKey: req(S(100)), orderNo: req(S()), cancelTotalAmt: req(amount), orderProducts: cancelProducts },
  // payco_cancel.php
  '/outseller/order/cancel': {
    sellerKey: req(S(100)), orderNo: req(S()), orderCertifyKey: req(S()), cancelTotalAmt: req(amount), requestMemo: S(), sellerOrderReferenceKey: S(100),
    totalCancelTaxfreeAmt: amount, totalCancelTaxableAmt: amount, totalCancelVatAmt: amount, totalCancelPossibleAmt: amount, orderProducts: cancelProducts,
  },
  // payco_detailForVerify (pg-protocols.md §2.4)
  '/outseller/payment/approval/getDetailForVerify': { sellerKey: req(S(100)), reserveOrderNo: S(), sellerOrderReferenceKey: req(S(100)) },
};

type Order = {
  reserve: Record<string, any>; reserveOrderNo: string; token: string; orderNo: string | null; orderCertifyKey: string;
  paid: boolean; method: '31' | '02'; remaining: number; cancels: number[];
};

export type PaycoDocPg = {
  relay(r: Recorded): Promise<Response>;
  problems: string[];
  /** What PAYCO received in a reserve, by sellerOrderReferenceKey. */
  reserved: Map<string, Record<string, any>>;
  /** The query PAYCO's sheet sends the browser back with (PAY2, as recorded), once the buyer paid with `method`. */
  returnQuery(sellerOrderReferenceKey: string, method: 'card' | 'vbank'): string;
  /** PAYCO's books: the buyer deposits into the virtual account. */
  deposit(sellerOrderReferenceKey: string): void;
};

export function paycoDocPg(sellerKey: string, cpId: string, productId: string): PaycoDocPg {
  const problems: string[] = [];
  const reserved = new Map<string, Record<string, any>>();
  const orders = new Map<string, Order>();
  let seq = 0;
  const ok = (result: unknown) => Response.json({ code: 0, message: 'success', result });
  const fail = (code: number, message: string) => Response.json({ code, message });
  const byOrderNo = (no: unknown) => [...orders.values()].find((o) => o.orderNo === no);

  const detail = (o: Order) => {
    const total = o.reserve.totalPaymentAmt as number;
    const card = { cardCompanyName: '신한카드', cardCompanyCode: 'CCSS', cardNo: '45184212****1234', cardInstallmentMonthNumber: '00', cardAdmissionNo: '30012345', cardInterestFreeYn: 'N', corporateCardYn: 'N', partCancelPossibleYn: 'Y' };
    const vbank = { bankName: '기업은행', bankCode: '003', accountNo: '56211102672708', paymentExpirationYmd: '20991231' };
    return {
      sellerOrderReferenceKey: o.reserve.sellerOrderReferenceKey, reserveOrderNo: o.reserveOrderNo, orderNo: o.orderNo, memberName: '홍*동', memberEmail: 'h***@payco.com',
      orderChannel: o.reserve.orderChannel, totalOrderAmt: total, totalDeliveryFeeAmt: 0, totalRemoteAreaDeliveryAmt: 0, totalPaymentAmt: total,
      paymentCompletionYn: o.paid ? 'Y' : 'N', orderCertifyKey: o.orderCertifyKey,
      orderProducts: (o.reserve.orderProducts as Record<string, unknown>[]).map((p) => ({ ...p, orderProductNo: `${o.orderNo}01`, orderProductStatus: 'PAYMENT_COMPLETE' })),
      paymentDetails: [{
        paymentTradeNo: `${o.orderNo}T`, paymentMethodCode: o.method, paymentMethodName: o.method === '31' ? '신용카드' : '무통장입금', paymentAmt: total,
        tradeYmdt: '20261207120000', pgAdmissionNo: '30012345', pgAdmissionYmdt: '20261207120000', easyPaymentYn: 'Y',
        ...(o.method === '31' ? { cardSettleInfo: card } : { nonBankbookSettleInfo: vbank }),
      }],
    };
  };

  async function relay(r: Recorded): Promise<Response> {
    const path = new URL(r.url, 'http://payco').pathname;
    const table = paycoTables[path];
    const problem = (p: string) => problems.push(`${path} ${p}`);
    if (!table) { problem('not a documented path'); return new Response('Not Found', { status: 404 }); }
    if (r.method !== 'POST') problem(`method ${r.method}, documented POST`);
    if (String(r.headers['content-type']).replace(/\s/g, '').toLowerCase() !== 'application/json;charset=utf-8') problem(`Content-Type ${r.headers['content-type']}, the samples send application/json;charset=UTF-8`);
    let body: Record<string, any>;
    try { body = JSON.parse(r.body); } catch { problem('body is not JSON'); return fail(9999, 'JSON'); }
    for (const v of violations(body, table)) problem(v);
    if (body.sellerKey !== sellerKey) return fail(1001, '가맹점 코드 오류');
    for (const p of (body.orderProducts ?? []) as Record<string, unknown>[]) {
      if (p.cpId !== cpId || p.productId !== productId) problem(`orderProducts: cpId/productId ${p.cpId}/${p.productId}, not the channel's ${cpId}/${productId}`);
    }
    switch (path) {
      case '/outseller/order/reserve': {
        const products = body.orderProducts as Record<string, any>[];
        const sum = products.reduce((s, p) => s + p.productPaymentAmt, 0);
        if (sum !== body.totalPaymentAmt) problem(`orderProducts' productPaymentAmt sum ${sum} ≠ totalPaymentAmt ${body.totalPaymentAmt}`);
        if (body.totalTaxfreeAmt + body.totalTaxableAmt + body.totalVatAmt !== body.totalPaymentAmt) problem('totalTaxfreeAmt + totalTaxableAmt + totalVatAmt ≠ totalPaymentAmt');
        if (body.extraData !== undefined) { try { JSON.parse(body.extraData); } catch { problem('extraData is not a JSON string'); } }
        reserved.set(body.sellerOrderReferenceKey, body);
        const reserveOrderNo = `2026120712${String(++seq).padStart(6, '0')}`;
        orders.set(body.sellerOrderReferenceKey, { reserve: body, reserveOrderNo, token: `PCT${reserveOrderNo}`, orderNo: null, orderCertifyKey: `OCK${reserveOrderNo}`, paid: false, method: '31', remaining: body.totalPaymentAmt, cancels: [] });
        return ok({ reserveOrderNo, orderSheetUrl: `https://alpha-bill.payco.com/outseller/order/sheet?reserveOrderNo=${reserveOrderNo}` });
      }
      case '/outseller/payment/approval': {
        const o = orders.get(body.sellerOrderReferenceKey);
        if (!o || o.reserveOrderNo !== body.reserveOrderNo || o.token !== body.paymentCertifyToken) return fail(2001, '결제인증 정보 오류');
        if (body.totalPaymentAmt !== o.reserve.totalPaymentAmt) return fail(2002, '결제금액 불일치');
        if (o.orderNo) return fail(2003, '이미 승인된 주문');
        o.orderNo = `20261207${o.reserveOrderNo.slice(-6)}01`;
        o.paid = o.method === '31';
        return ok(detail(o));
      }
      case '/outseller/payment/approval/getDetailForVerify': {
        const o = orders.get(body.sellerOrderReferenceKey);
        if (!o?.orderNo || (body.reserveOrderNo !== undefined && body.reserveOrderNo !== o.reserveOrderNo)) return fail(4001, '주문 없음');
        return ok(detail(o));
      }
      case '/outseller/order/cancel/checkAvailability': {
        const o = byOrderNo(body.orderNo);
        if (!o) return fail(3001, '주문 없음');
        return ok({ cancelPossibleYn: o.remaining > 0 ? 'Y' : 'N', totalCancelPossibleAmt: o.remaining, cancelImpossibleReason: o.remaining > 0 ? '' : '취소 가능 금액 없음' });
      }
      case '/outseller/order/cancel': {
        const o = byOrderNo(body.orderNo);
        if (!o || body.orderCertifyKey !== o.orderCertifyKey) return fail(3002, '주문 인증키 오류');
        if (body.totalCancelPossibleAmt !== undefined && body.totalCancelPossibleAmt !== o.remaining) return fail(3003, '취소가능금액 불일치');
        if (body.cancelTotalAmt <= 0 || body.cancelTotalAmt > o.remaining) return fail(3004, '취소 금액 초과');
        const partial = body.cancelTotalAmt < o.remaining;
        if (partial) {
          const products = (body.orderProducts ?? []) as Record<string, any>[];
          const key = (o.reserve.orderProducts as Record<string, any>[])[0]!.sellerOrderProductReferenceKey;
          if (products.length !== 1 || products[0]!.sellerOrderProductReferenceKey !== key || products[0]!.productAmt !== body.cancelTotalAmt) return fail(3005, '부분취소 상품 정보 오류');
        }
        const split = (body.totalCancelTaxfreeAmt ?? 0) + (body.totalCancelTaxableAmt ?? 0) + (body.totalCancelVatAmt ?? 0);
        if (split !== body.cancelTotalAmt) problem(`cancel split ${split} ≠ cancelTotalAmt ${body.cancelTotalAmt}`);
        o.remaining -= body.cancelTotalAmt;
        o.cancels.push(body.cancelTotalAmt);
        return ok({ orderNo: o.orderNo, cancelTradeSeq: Number(`${o.orderNo!.slice(-8)}${o.cancels.length}`), totalCancelPaymentAmt: body.cancelTotalAmt, cancelYmdt: '20261207130000' });
      }
    }
    return fail(9999, 'unreachable');
  }

  return {
    relay, problems, reserved,
    returnQuery(key, method) {
      const o = orders.get(key)!;
      o.method = method === 'card' ? '31' : '02';
      const r = o.reserve;
      return new URLSearchParams({
        code: '0', reserveOrderNo: o.reserveOrderNo, sellerOrderReferenceKey: key, mainPgCode: o.method, totalPaymentAmt: String(r.totalPaymentAmt),
        totalRemoteAreaDeliveryFeeAmt: '0', discountAmt: '0', pointAmt: '0', paymentCertifyToken: o.token, taxationType: 'TAXATION',
        totalTaxfreeAmt: String(r.totalTaxfreeAmt), totalTaxableAmt: String(r.totalTaxableAmt), totalVatAmt: String(r.totalVatAmt), bid: 'BID0001',
      }).toString();
    },
    deposit(key) { orders.get(key)!.paid = true; },
  };
}
