/**
 * PAYCO's documented exchanges replayed through the connector, without the fake PAYCO: the recorded
 * PAY2 `returnUrl` query (pg-protocols.md §2.4, [REC]), the recorded auto-payment delete answer
 * (`{"code":0,"message":"success"}`, [REC]) and answers shaped as PAYCO's sample pages print them
 * (payco_detailForVerify.php output table, payco_cancel.php, AutoPayment_Util). Each test checks what
 * the connector sent, field by field, and how it read the answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCredentials } from '../../core/channel.ts';
import type { ConnectorContext, WindowStart } from '../contract.ts';
import { windowRequest } from '../window-flow.case.ts';
import { payco } from './index.ts';
import { autoPaymentKeyOf, kstSeconds } from './map.ts';

/** The recorded returnUrl query (code containing "sellerOrderReferenceKey" id 27593615615); the elided values are ours. */
const recordedReturn = (orderId: string): Record<string, string> => Object.fromEntries(new URLSearchParams(
  `code=0&reserveOrderNo=201707202004552992&sellerOrderReferenceKey=${orderId}&mainPgCode=31&totalPaymentAmt=81500&totalRemoteAreaDeliveryFeeAmt=0`
  + '&discountAmt=2000&pointAmt=0&paymentCertifyToken=CERT_TOKEN_1&taxationType=TAXATION&totalTaxfreeAmt=0&totalTaxableAmt=74091&totalVatAmt=7409&bid=B1',
));

type Answer = { code: number | string; message: string; result?: unknown };
/** A PAYCO that answers each path from a script, keeping the JSON it was sent. */
function scripted(answers: Record<string, Answer | ((body: Record<string, unknown>) => Answer)>, mode: 'test' | 'live' = 'test') {
  const asked: { path: string; body: Record<string, unknown> }[] = [];
  const ctx: ConnectorContext = {
    fetch: async (input, init) => {
      const req = new Request(input, init);
      assert.equal(req.method, 'POST');
      assert.match(req.headers.get('content-type') ?? '', /^application\/json/);
      const path = new URL(req.url).pathname;
      const body = (await req.json()) as Record<string, unknown>;
      asked.push({ path, body });
      const a = answers[path];
      if (!a) return new Response('not found', { status: 404 });
      return Response.json(typeof a === 'function' ? a(body) : a);
    },
    baseUrl: 'https://alpha-api-bill.payco.com', timeoutMs: 1000,
    channel: { mode, pgId: 'S0FSJE', ...noCredentials(), cpId: 'PARTNERTEST', productId: 'PROD_EASY' },
  };
  return { ctx, asked, paths: () => asked.map((a) => a.path) };
}

const card = (amt: number) => ({
  paymentTradeNo: 'PT1', paymentMethodCode: '31', paymentMethodName: '신용카드', paymentAmt: amt, tradeYmdt: '20170720200512',
  pgAdmissionNo: '30021855', easyPaymentYn: 'Y',
  cardSettleInfo: { cardCompanyName: '신한카드', cardCompanyCode: 'CCSH', cardNo: '************6336', cardInstallmentMonthNumber: '00', cardAdmissionNo: '30021855', cardInterestFreeYn: 'N', corporateCardYn: 'N', partCancelPossibleYn: 'Y' },
});
const order = (orderId: string, total: number, details: unknown[], completed: 'Y' | 'N' = 'Y') => ({
  sellerOrderReferenceKey: orderId, reserveOrderNo: '201707202004552992', orderNo: '201707202004553001', memberName: '홍*동', memberEmail: 'h***@payco.com',
  orderChannel: 'PC', totalOrderAmt: total, totalDeliveryFeeAmt: 0, totalRemoteAreaDeliveryFeeAmt: 0, totalPaymentAmt: total, paymentCompletionYn: completed,
  orderCertifyKey: 'OCK_1', paymentDetails: details,
  orderProducts: [{ orderProductNo: 'OP1', cpId: 'PARTNERTEST', productId: 'PROD_EASY', sellerOrderProductReferenceKey: orderId, orderProductStatusCode: 'PAYED', productPaymentAmt: total }],
});
const ok = (result?: unknown): Answer => ({ code: 0, message: 'success', ...(result === undefined ? {} : { result }) });

describe('PAYCO connector on recorded and documented exchanges', () => {
  const w = payco.window!;

  it('reserves the order in PAY2 mode with the documented fields and opens the order sheet PAYCO answers', async () => {
    const s = scripted({ '/outseller/order/reserve': ok({ reserveOrderNo: '201707202004552992', orderSheetUrl: 'https://alpha-bill.payco.com/outseller/order/sheet/abc' }) });
    const req = windowRequest({ amount: 81_500, taxFree: 1_500, name: '주문명:결제테스트', vbankDue: 1_750_085_999 });
    const start = (await w.start(s.ctx, req)) as WindowStart;
    assert.deepEqual(start, { method: 'GET', url: 'https://alpha-bill.payco.com/outseller/order/sheet/abc', fields: {} });
    const b = s.asked[0]!.body;
    assert.equal(s.asked[0]!.path, '/outseller/order/reserve');
    assert.deepEqual(
      [b.sellerKey, b.sellerOrderReferenceKey, b.sellerOrderReferenceKeyType, b.currency, b.totalPaymentAmt, b.totalTaxfreeAmt, b.totalTaxableAmt, b.totalVatAmt, b.orderMethod, b.payMode, b.orderChannel, b.returnUrl, b.nonBankbookDepositInformUrl, b.orderTitle],
      ['S0FSJE', req.orderId, 'UNIQUE_KEY', 'KRW', 81_500, 1_500, 72_727, 7_273, 'EASYPAY', 'PAY2', 'PC', req.returnUrl, req.notifyUrl, '주문명:결제테스트'],
    );
    assert.deepEqual(b.orderProducts, [{
      cpId: 'PARTNERTEST', productId: 'PROD_EASY', productAmt: 81_500, productPaymentAmt: 81_500, orderQuantity: 1, sortOrdering: 1,
      productName: '주문명:결제테스트', sellerOrderProductReferenceKey: req.orderId, taxationType: 'COMBINE',
    }]);
    // extraData is a JSON string; the due 1_750_085_999 is 2025-06-16 23:59:59 in Korea.
    assert.equal(JSON.parse(b.extraData as string).virtualAccountExpiryYmd, '20250616235959');
    assert.equal(kstSeconds('20250616235959'), 1_750_085_999);

    const mobile = scripted({ '/outseller/order/reserve': ok({ reserveOrderNo: 'R2', orderSheetUrl: 'https://alpha-bill.payco.com/m/sheet' }) });
    await w.start(mobile.ctx, windowRequest({ device: 'mobile' }));
    assert.equal(mobile.asked[0]!.body.orderChannel, 'MOBILE');
  });

  it('reports PAYCO refusing the reservation as a decline with its code', async () => {
    const s = scripted({ '/outseller/order/reserve': { code: 4004, message: '가맹점 정보가 올바르지 않습니다.' } });
    assert.deepEqual(await w.start(s.ctx, windowRequest()), { kind: 'declined', pgTid: null, pgCode: '4004', pgMessage: '가맹점 정보가 올바르지 않습니다.' });
  });

  it('approves the recorded PAY2 return with our amount and maps card and points onto the payment', async () => {
    const req = windowRequest({ amount: 81_500 });
    const s = scripted({ '/outseller/payment/approval': ok(order(req.orderId, 81_500, [card(80_500), { paymentTradeNo: 'PT2', paymentMethodCode: '98', paymentMethodName: 'PAYCO 포인트', paymentAmt: 1_000 }])) });
    const returned = recordedReturn(req.orderId);
    assert.equal(w.approvesOnComplete!({ orderId: req.orderId, returned }), true);
    const outcome = await w.complete(s.ctx, { orderId: req.orderId, returned, amount: 81_500, currency: 'KRW' });
    assert.deepEqual(s.asked[0], {
      path: '/outseller/payment/approval',
      body: { sellerKey: 'S0FSJE', reserveOrderNo: '201707202004552992', sellerOrderReferenceKey: req.orderId, paymentCertifyToken: 'CERT_TOKEN_1', totalPaymentAmt: 81_500 },
    });
    assert.deepEqual(outcome, {
      kind: 'approved', pgTid: '201707202004553001', applyNum: '30021855', receiptUrl: null, payMethod: 'card', bank: null, embPgProvider: null,
      pgRef: '{"reserveOrderNo":"201707202004552992","orderCertifyKey":"OCK_1"}',  // kept sealed for cancels and lookups
      card: { code: 'CCSH', name: '신한카드', number: '************6336', type: null },
    });
  });

  it('approves with the amount of the session, never the one in the browser, and refuses another approved total', async () => {
    const req = windowRequest({ amount: 81_500 });
    const s = scripted({ '/outseller/payment/approval': (b) => ok(order(req.orderId, b.totalPaymentAmt as number, [card(b.totalPaymentAmt as number)])) });
    const tampered = { ...recordedReturn(req.orderId), totalPaymentAmt: '100' };
    const outcome = await w.complete(s.ctx, { orderId: req.orderId, returned: tampered, amount: 81_500, currency: 'KRW' });
    assert.equal(s.asked[0]!.body.totalPaymentAmt, 81_500);
    assert.equal(outcome.kind, 'approved');
    const other = scripted({ '/outseller/payment/approval': ok(order(req.orderId, 100, [card(100)])) });
    const refused = await w.complete(other.ctx, { orderId: req.orderId, returned: recordedReturn(req.orderId), amount: 81_500, currency: 'KRW' });
    assert.ok(refused.kind === 'declined' && refused.pgCode === 'amount_mismatch', JSON.stringify(refused));
  });

  it('reads a closed order sheet (2222), a failed one and a return for another order without approving', async () => {
    const req = windowRequest();
    const s = scripted({});
    assert.deepEqual(await w.complete(s.ctx, { orderId: req.orderId, returned: { code: '2222', message: '사용자 취소' } }), { kind: 'user_cancelled', pgMessage: '사용자 취소' });
    const failed = await w.complete(s.ctx, { orderId: req.orderId, returned: { code: '1001', message: '결제 실패' } });
    assert.ok(failed.kind === 'declined' && failed.pgCode === '1001');
    const foreign = recordedReturn('imp_000000000001');
    assert.equal(w.approvesOnComplete!({ orderId: req.orderId, returned: foreign }), false);
    assert.equal((await w.complete(s.ctx, { orderId: req.orderId, returned: foreign })).kind, 'declined');
    assert.deepEqual(s.asked, []);
  });

  it('maps transfer and virtual account approvals', async () => {
    const req = windowRequest({ amount: 14_000 });
    const trans = scripted({ '/outseller/payment/approval': ok(order(req.orderId, 14_000, [{ paymentTradeNo: 'T', paymentMethodCode: '35', paymentAmt: 14_000, realtimeAccountTransferSettleInfo: { bankName: '신한은행', bankCode: '088' } }])) });
    const t = await w.complete(trans.ctx, { orderId: req.orderId, returned: recordedReturn(req.orderId), amount: 14_000, currency: 'KRW' });
    assert.ok(t.kind === 'approved' && t.payMethod === 'trans' && t.bank?.code === '088' && t.card === null, JSON.stringify(t));
    const vbank = scripted({ '/outseller/payment/approval': ok(order(req.orderId, 14_000, [{ paymentTradeNo: 'V', paymentMethodCode: '02', paymentAmt: 14_000, nonBankbookSettleInfo: { bankName: '국민은행', bankCode: '004', accountNo: '12345678901234', paymentExpirationYmd: '20250616' } }], 'N')) });
    const v = await w.complete(vbank.ctx, { orderId: req.orderId, returned: recordedReturn(req.orderId), amount: 14_000, currency: 'KRW' });
    assert.deepEqual(v, { kind: 'vbank_issued', pgTid: '201707202004553001', receiptUrl: null, pgRef: '{"reserveOrderNo":"201707202004552992","orderCertifyKey":"OCK_1"}', vbank: { code: '004', name: '국민은행', num: '12345678901234', holder: null, due: 1_750_085_999 } });
  });

  it('takes a deposit notice only as getDetailForVerify confirms it', async () => {
    const req = windowRequest({ amount: 14_000 });
    const vb = { paymentTradeNo: 'V', paymentMethodCode: '02', paymentAmt: 14_000, nonBankbookSettleInfo: { bankName: '국민은행', bankCode: '004', accountNo: '1', paymentExpirationYmd: '20250616' } };
    const body = new URLSearchParams({ response: JSON.stringify({ sellerOrderReferenceKey: req.orderId, reserveOrderNo: 'R1', orderNo: '201707202004553001', paymentCompletionYn: 'Y', totalPaymentAmt: 99_000 }) }).toString();
    const paid = scripted({ '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 14_000, [vb], 'Y')) });
    const n = await w.parseNotification(paid.ctx, { body, contentType: 'application/x-www-form-urlencoded', query: {} });
    assert.deepEqual(n, { kind: 'vbank_deposit', orderId: req.orderId, pgTid: '201707202004553001', amount: 14_000, depositorName: null }, 'the amount is PAYCO\'s, not the notice\'s');
    assert.deepEqual(paid.asked[0]!.body, { sellerKey: 'S0FSJE', sellerOrderReferenceKey: req.orderId, reserveOrderNo: 'R1' });
    const waiting = scripted({ '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 14_000, [vb], 'N')) });
    assert.equal((await w.parseNotification(waiting.ctx, { body, contentType: null, query: {} })).kind, 'rejected');
    assert.equal((await w.parseNotification(waiting.ctx, { body: 'response=nonsense', contentType: null, query: {} })).kind, 'rejected');
  });

  it('cancels in full and in part after getDetailForVerify and checkAvailability, with the tax split', async () => {
    const req = windowRequest();
    const answers = {
      '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 11_000, [card(11_000)])),
      '/outseller/order/cancel/checkAvailability': ok({ cancelPossibleYn: 'Y', totalCancelPossibleAmt: 11_000 }),
      '/outseller/order/cancel': ok({ cancelTradeSeq: 'C1', totalCancelPaymentAmt: 11_000, cancelYmdt: '20250616120000' }),
    };
    const base = { orderId: req.orderId, pgTid: '201707202004553001', requestId: 'r1', currency: 'KRW' as const, reason: '고객 요청', refund: null };
    const full = scripted(answers);
    assert.deepEqual(await payco.cancel(full.ctx, { ...base, amount: 11_000, taxFree: 0, remaining: 11_000 }), { kind: 'cancelled', pgCancelTid: 'C1', receiptUrl: null });
    assert.deepEqual(full.paths(), ['/outseller/payment/approval/getDetailForVerify', '/outseller/order/cancel/checkAvailability', '/outseller/order/cancel']);
    assert.deepEqual(full.asked[2]!.body, {
      sellerKey: 'S0FSJE', orderNo: '201707202004553001', orderCertifyKey: 'OCK_1', sellerOrderReferenceKey: req.orderId, cancelTotalAmt: 11_000,
      totalCancelTaxfreeAmt: 0, totalCancelTaxableAmt: 10_000, totalCancelVatAmt: 1_000, totalCancelPossibleAmt: 11_000, requestMemo: '고객 요청',
    });
    const part = scripted(answers);
    await payco.cancel(part.ctx, { ...base, amount: 3_000, taxFree: 800, remaining: 11_000 });
    const b = part.asked[2]!.body;
    assert.deepEqual([b.cancelTotalAmt, b.totalCancelTaxfreeAmt, b.totalCancelTaxableAmt, b.totalCancelVatAmt, b.totalCancelPossibleAmt], [3_000, 800, 2_000, 200, 11_000]);
    assert.deepEqual(b.orderProducts, [{ cpId: 'PARTNERTEST', productId: 'PROD_EASY', productAmt: 3_000, sellerOrderProductReferenceKey: req.orderId, cancelDetailContent: '고객 요청' }]);
  });

  it('cancels with the orderCertifyKey kept at approval, without asking PAYCO for it again', async () => {
    const req = windowRequest();
    const s = scripted({
      '/outseller/order/cancel/checkAvailability': ok({ cancelPossibleYn: 'Y', pgCancelPossibleAmt: 11_000 }),
      '/outseller/order/cancel': ok({ cancelTradeSeq: 2157178373, totalCancelPaymentAmt: 11_000 }),
    });
    const r = await payco.cancel(s.ctx, {
      orderId: req.orderId, pgTid: 'O1', requestId: 'r', currency: 'KRW', reason: null, refund: null, amount: 11_000, taxFree: 0, remaining: 11_000,
      pgRef: '{"reserveOrderNo":"R1","orderCertifyKey":"OCK_KEPT"}',
    });
    assert.deepEqual(r, { kind: 'cancelled', pgCancelTid: '2157178373', receiptUrl: null });
    assert.deepEqual(s.paths(), ['/outseller/order/cancel/checkAvailability', '/outseller/order/cancel']);
    assert.equal(s.asked[1]!.body.orderCertifyKey, 'OCK_KEPT');
  });

  it('approves nothing twice: a refused repeated approval is read from what PAYCO holds', async () => {
    const req = windowRequest({ amount: 81_500 });
    const s = scripted({
      '/outseller/payment/approval': { code: 2003, message: '이미 승인된 주문입니다.' },
      '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 81_500, [card(81_500)])),
    });
    const outcome = await w.complete(s.ctx, { orderId: req.orderId, returned: recordedReturn(req.orderId), amount: 81_500, currency: 'KRW' });
    assert.ok(outcome.kind === 'approved' && outcome.pgTid === '201707202004553001', JSON.stringify(outcome));
    assert.deepEqual(s.asked[1]!.body, { sellerKey: 'S0FSJE', sellerOrderReferenceKey: req.orderId, reserveOrderNo: '201707202004552992' });
    const none = scripted({ '/outseller/payment/approval': { code: 2002, message: '인증 토큰 오류' }, '/outseller/payment/approval/getDetailForVerify': { code: 2001, message: '주문예약 정보가 없습니다' } });
    assert.deepEqual(await w.complete(none.ctx, { orderId: req.orderId, returned: recordedReturn(req.orderId), amount: 81_500, currency: 'KRW' }), { kind: 'declined', pgTid: null, pgCode: '2002', pgMessage: '인증 토큰 오류' });
  });

  it('cancels nothing when PAYCO says it cannot, or can cancel another amount than our balance', async () => {
    const req = windowRequest();
    const base = { orderId: req.orderId, pgTid: '201707202004553001', requestId: 'r1', currency: 'KRW' as const, reason: null, refund: null, amount: 11_000, taxFree: 0, remaining: 11_000 };
    const verify = ok(order(req.orderId, 11_000, [card(11_000)]));
    const no = scripted({ '/outseller/payment/approval/getDetailForVerify': verify, '/outseller/order/cancel/checkAvailability': ok({ cancelPossibleYn: 'N', cancelImpossibleReason: '이미 취소된 주문' }) });
    assert.deepEqual(await payco.cancel(no.ctx, base), { kind: 'rejected', pgCode: 'cancelPossibleYn=N', pgMessage: '이미 취소된 주문' });
    const stale = scripted({ '/outseller/payment/approval/getDetailForVerify': verify, '/outseller/order/cancel/checkAvailability': ok({ cancelPossibleYn: 'Y', totalCancelPossibleAmt: 5_000 }) });
    assert.equal((await payco.cancel(stale.ctx, base)).kind, 'rejected');
    assert.ok(!no.paths().includes('/outseller/order/cancel') && !stale.paths().includes('/outseller/order/cancel'));
  });

  it('resolves an unknown outcome with getDetailForVerify, never guessing', async () => {
    const req = windowRequest();
    const paid = scripted({
      '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 11_000, [card(11_000)])),
      '/outseller/order/cancel/checkAvailability': ok({ cancelPossibleYn: 'Y', totalCancelPossibleAmt: 8_000 }),
    });
    const t = await payco.getTransaction(paid.ctx, { orderId: req.orderId });
    assert.ok(t.kind === 'approved' && t.pgTid === '201707202004553001' && t.refunds.total === 3_000, JSON.stringify(t));
    assert.deepEqual(paid.asked[0]!.body, { sellerKey: 'S0FSJE', sellerOrderReferenceKey: req.orderId });
    const none = scripted({ '/outseller/payment/approval/getDetailForVerify': { code: 1101, message: '주문 정보가 없습니다.' } });
    assert.deepEqual(await payco.getTransaction(none.ctx, { orderId: req.orderId }), { kind: 'not_found' });
    const down = scripted({ '/outseller/payment/approval/getDetailForVerify': { code: 9999, message: 'Connection Error' } });
    await assert.rejects(payco.getTransaction(down.ctx, { orderId: req.orderId }), /PAYCO/);
    const waiting = scripted({ '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 11_000, [], 'N')) });
    assert.deepEqual(await payco.getTransaction(waiting.ctx, { orderId: req.orderId }), { kind: 'pending' });
  });

  it('registers an auto-payment in the billing window, charges nothing, charges and deletes it later', async () => {
    const req = windowRequest({ amount: 0, billing: { customerUid: 'gildong_0001_1234', charge: false } });
    const s = scripted({
      '/outseller/autoPayment/reserve': ok({ orderSheetUrl: 'https://alpha-bill.payco.com/autoPayment/sheet/1' }),
      '/outseller/autoPayment/info': ok({
        sellerAutoPaymentReferenceKey: req.orderId, autoPaymentCertifyKey: 'yR9a2melqtgeuekyQh82Dp96DMzmRWDwTcI8GI2z8If4XcFZcPMhD5CvROJ_Mzb7LnQSBZaPuOpXRVCdv96odQ==',
        autoPaymentNo: 'AP100', paymentMethodCode: '31', paymentMethodName: '신용카드', pinNo: '5365-****-****-1234', corporationCode: 'CCSH', corporationName: '신한카드', registYmdt: '20250616120000',
      }),
      '/outseller/autoPayment/payment': (b) => ok({ orderNo: 'O900', orderCertifyKey: 'OCK9', paymentCompleteYmdt: '20250617120000', totalPaymentAmt: b.totalPaymentAmt }),
      // The recorded answer of the delete call (code containing "outseller/autoPayment" id 13677911575).
      '/outseller/autoPayment/delete': { code: 0, message: 'success' },
    });
    await w.start(s.ctx, req);
    const r = s.asked[0]!.body;
    assert.deepEqual([s.asked[0]!.path, r.sellerKey, r.cpId, r.sellerAutoPaymentReferenceKey, r.totalPaymentAmt, r.returnUrl, r.orderMethod], ['/outseller/autoPayment/reserve', 'S0FSJE', 'PARTNERTEST', req.orderId, 0, req.returnUrl, 'EASYPAY']);
    const returned = { code: '0', sellerAutoPaymentReferenceKey: req.orderId, autoPaymentCertifyKey: 'yR9a2melqtgeuekyQh82Dp96DMzmRWDwTcI8GI2z8If4XcFZcPMhD5CvROJ_Mzb7LnQSBZaPuOpXRVCdv96odQ==' };
    assert.equal(w.approvesOnComplete!({ orderId: req.orderId, returned }), false, 'registering approves no payment');
    const issued = await w.complete(s.ctx, { orderId: req.orderId, returned, amount: 0, currency: 'KRW' });
    assert.ok(issued.kind === 'billing_key_issued' && issued.charge === null, JSON.stringify(issued));
    assert.deepEqual(issued.card, { code: 'CCSH', name: '신한카드', number: '5365-****-****-1234', type: null });
    assert.deepEqual(autoPaymentKeyOf(issued.billingKey), { ref: req.orderId, no: 'AP100', certifyKey: returned.autoPaymentCertifyKey });

    const charged = await payco.chargeBillingKey(s.ctx, {
      orderId: 'imp_100000000001', merchantUid: 'again_1', amount: 11_000, currency: 'KRW', taxFree: 0, cardQuota: 0, name: '정기결제', buyer: req.buyer, billingKey: issued.billingKey, browserIp: null,
    });
    assert.deepEqual(charged, { kind: 'approved', pgTid: 'O900', applyNum: null, card: null, receiptUrl: null, pgRef: '{"reserveOrderNo":null,"orderCertifyKey":"OCK9"}' });
    const p = s.asked.find((a) => a.path === '/outseller/autoPayment/payment')!.body;
    assert.deepEqual([p.autoPaymentNo, p.autoPaymentCertifyKey, p.sellerOrderReferenceKey, p.totalPaymentAmt, p.totalTaxableAmt, p.totalVatAmt], ['AP100', returned.autoPaymentCertifyKey, 'imp_100000000001', 11_000, 10_000, 1_000]);

    assert.deepEqual(await payco.deleteBillingKey!(s.ctx, { customerUid: 'gildong_0001_1234', billingKey: issued.billingKey, requestId: 'del_1' }), { kind: 'deleted' });
    assert.deepEqual(s.asked.at(-1), { path: '/outseller/autoPayment/delete', body: { sellerKey: 'S0FSJE', sellerAutoPaymentReferenceKey: req.orderId, autoPaymentCertifyKey: returned.autoPaymentCertifyKey } });
  });

  it('reads the balance parts from PAYCO\'s paymentDetails: card, PAYCO points, coupons', async () => {
    const req = windowRequest();
    const details = [card(9_000), { paymentTradeNo: 'P', paymentMethodCode: '98', paymentAmt: 1_500 }, { paymentTradeNo: 'C', paymentMethodCode: '75', paymentAmt: 500, couponSettleInfo: { discountAmt: 500 } }];
    const s = scripted({ '/outseller/payment/approval/getDetailForVerify': ok(order(req.orderId, 11_000, details)) });
    assert.deepEqual(await payco.paymentParts!(s.ctx, { orderId: req.orderId, pgRef: null }), { primary: 9_000, secondary: 1_500, discount: 500 });
  });

  it('sends the order product status update and requires buyer_tel and a name', async () => {
    const s = scripted({ '/outseller/order/updateOrderProductStatus': { code: 0, message: 'success' } });
    assert.deepEqual(await payco.updateOrderStatus!(s.ctx, { orderId: 'imp_1', pgTid: 'O1', status: 'DELIVERY_START' }), { kind: 'updated' });
    assert.deepEqual(s.asked[0]!.body, { sellerKey: 'S0FSJE', orderNo: 'O1', sellerOrderProductReferenceKey: 'imp_1', orderProductStatus: 'DELIVERY_START' });
    assert.notEqual(w.validate(windowRequest({ buyer: { name: 'a', email: null, tel: null, addr: null, postcode: null } })), null);
    assert.equal(w.validate(windowRequest()), null);
    assert.equal(payco.chargeCard, undefined);
    assert.equal(payco.issueBillingKey, undefined);
  });
});
