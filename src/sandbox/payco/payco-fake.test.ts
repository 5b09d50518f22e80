/**
 * The fake PAYCO as a PAYCO seller sees it, over HTTP (seller.case.ts): the order reserve and its
 * checks, the order sheet (login, payment password, methods, coupon, points), returnUrl, approval,
 * getDetailForVerify, cancels with checkAvailability, order product status and the vbank deposit
 * notice. Written from pg-protocols.md §2 and PAYCO's samples, not from the connector.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SELLER, TEST_PAIR, paid, reserveBody, returned, startPayco, throughSheet, type Harness, type Json } from './seller.case.ts';

describe('fake PAYCO: one-time payments (PAY2)', () => {
  let h: Harness;
  before(async () => { h = await startPayco(); });
  after(async () => { await h?.close(); });

  const reserve = (body: Json) => h.api('/outseller/order/reserve', body);

  it('reserve answers reserveOrderNo and an orderSheetUrl; bad requests get PAYCO codes and no sheet', async () => {
    const r = await reserve(reserveBody(1004));
    assert.deepEqual([r.code, r.message], [0, 'success']);
    assert.match(r.result.reserveOrderNo, /^20270115[0-9]{10}$/);
    assert.equal(r.result.orderSheetUrl, `${h.url}/easyLogin/${r.result.reserveOrderNo}`);
    const refused: [Json, number][] = [
      [reserveBody(1004, { sellerKey: undefined }), 1002],
      [reserveBody(1004, { payMode: 'PAY1' }), 1006],
      [reserveBody(1004, { totalPaymentAmt: 1005 }), 1004],
      [reserveBody(1004, { returnUrl: 'javascript:alert(1)' }), 1001],
      [reserveBody(1004, { orderProducts: [{ ...reserveBody(1004).orderProducts[0], cpId: 'GUESS' }] }), 1003],
      [reserveBody(1000, { totalTaxfreeAmt: 0, totalTaxableAmt: 900, totalVatAmt: 90 }), 1004],
      [reserveBody(1004, { extraData: '{"payExpiryYmdt":"20200101000000"}' }), 1001],
    ];
    for (const [body, code] of refused) {
      const x = await reserve(body);
      assert.equal(x.code, code, JSON.stringify(x));
      assert.equal(x.result, undefined);
    }
  });

  it('card: login and payment password, returnUrl with the recorded PAY2 fields, approval once, verify', async () => {
    const body = reserveBody(1004);
    const r = await reserve(body);
    const wrong = await throughSheet(r.result.orderSheetUrl, { paymentPassword: '111111' });
    assert.equal(wrong.status, 400, 'a wrong payment password stays on the sheet');
    assert.match(wrong.page, /결제 비밀번호가 일치하지 않습니다/);
    const back = returned(await throughSheet(r.result.orderSheetUrl));
    assert.equal(back.get('code'), '0');
    assert.deepEqual(
      ['reserveOrderNo', 'sellerOrderReferenceKey', 'mainPgCode', 'totalPaymentAmt', 'discountAmt', 'pointAmt', 'taxationType', 'totalTaxfreeAmt', 'totalTaxableAmt', 'totalVatAmt', 'cart'].map((k) => back.get(k)),
      [r.result.reserveOrderNo, body.sellerOrderReferenceKey, '31', '1004', '0', '0', 'TAXATION', '0', '912', '92', 'C1'],
    );
    assert.match(back.get('paymentCertifyToken')!, /^[A-Za-z0-9_-]{64}$/);
    const ask = { sellerKey: SELLER, reserveOrderNo: r.result.reserveOrderNo, sellerOrderReferenceKey: body.sellerOrderReferenceKey, paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: 1004 };
    assert.equal((await h.api('/outseller/payment/approval', { ...ask, paymentCertifyToken: 'guess' })).code, 2002);
    assert.equal((await h.api('/outseller/payment/approval', { ...ask, totalPaymentAmt: 1 })).code, 1004);
    assert.equal((await h.api('/outseller/payment/approval', { ...ask, sellerKey: 'OTHER1' })).code, 2001);
    const a = await h.api('/outseller/payment/approval', ask);
    assert.equal(a.code, 0, JSON.stringify(a));
    const res = a.result;
    assert.match(res.orderNo, /^20270115[0-9]{10}$/);
    assert.match(res.orderCertifyKey, /^[A-Za-z0-9_-]{47}$/);
    assert.deepEqual([res.totalPaymentAmt, res.paymentCompletionYn, res.paymentCompleteYmdt, res.orderChannel], [1004, 'Y', '20270115170000', 'PC']);
    assert.deepEqual(res.orderProducts.map((p: Json) => [p.sellerOrderProductReferenceKey, p.orderProductStatusCode, p.cpId, p.productId]), [['ITEM_1', 'OPSPAED', TEST_PAIR.cpId, TEST_PAIR.productId]]);
    const [d] = res.paymentDetails;
    assert.deepEqual([d.paymentMethodCode, d.paymentAmt, d.taxableAmt, d.vatAmt, d.taxfreeAmt], ['31', 1004, 912, 92, 0]);
    assert.deepEqual([d.cardSettleInfo.cardCompanyCode, d.cardSettleInfo.cardCompanyName, d.cardSettleInfo.cardInstallmentMonthNumber], ['CCLG', '신한카드', '00']);
    assert.doesNotMatch(JSON.stringify(a), /9366000000000009/, 'the card number is masked');
    assert.equal(h.books().filter((line) => line.includes('9366000000000009') || line.includes('sandbox1234')).length, 0, 'no card number or password at rest');
    const again = await h.api('/outseller/payment/approval', ask);
    assert.deepEqual([again.code, again.result.orderNo], [0, res.orderNo], 'a repeated approval answers the same order');
    assert.equal((await h.control('GET', `/payco/charges/${encodeURIComponent(body.sellerOrderReferenceKey)}`)).body.approved, 1, 'charged once');

    const verify = (over: Json) => h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: r.result.reserveOrderNo, sellerOrderReferenceKey: body.sellerOrderReferenceKey, ...over });
    assert.equal((await verify({ reserveOrderNo: undefined })).code, 2001, 'a sheet order is found with its reservation number only');
    assert.equal((await verify({ sellerKey: 'OTHER1' })).code, 2001);
    const v = await verify({});
    assert.deepEqual([v.code, v.result.orderNo, v.result.orderCertifyKey, v.result.totalCancelPaymentAmt, v.result.remainCancelPossibleAmt], [0, res.orderNo, res.orderCertifyKey, 0, 1004]);
  });

  it("the returnUrl query has the recorded PAY2 fields in the recorded order, the seller's returnUrlParam after them", async () => {
    // Recorded returnUrl of a real PAY2 payment (pg-protocols.md §2.4, code containing "sellerOrderReferenceKey" id 27593615615).
    const recorded = new URLSearchParams('code=0&reserveOrderNo=201707202004552992&sellerOrderReferenceKey=x&mainPgCode=31&totalPaymentAmt=81500&totalRemoteAreaDeliveryFeeAmt=0&discountAmt=2000&pointAmt=0&paymentCertifyToken=t&taxationType=TAXATION&totalTaxfreeAmt=0&totalTaxableAmt=74091&totalVatAmt=7409&bid=b');
    const r = await reserve(reserveBody(81_500, { returnUrlParam: '{"cart":"C1","code":"not PAYCO\'s"}' }));
    const back = returned(await throughSheet(r.result.orderSheetUrl, { coupon: true }));
    assert.deepEqual([...back.keys()], [...recorded.keys(), 'cart']);
    assert.equal(back.get('code'), '0', "a returnUrlParam member never replaces PAYCO's field");
    assert.match(back.get('reserveOrderNo')!, /^[0-9]{18}$/);
    assert.deepEqual([back.get('totalPaymentAmt'), back.get('discountAmt'), back.get('totalTaxableAmt'), back.get('totalVatAmt')], ['81500', '1000', '74090', '7410']);
  });

  it('two sheets of one order number: the first approval charges, the second is refused (1005)', async () => {
    const body = reserveBody(2500);
    const sheets = [await reserve(body), await reserve(body)];
    const backs = [];
    for (const r of sheets) backs.push(returned(await throughSheet(r.result.orderSheetUrl)));
    const approve = (back: URLSearchParams) => h.api('/outseller/payment/approval', {
      sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey, paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: 2500,
    });
    const [first, second] = await Promise.all(backs.map(approve));
    assert.deepEqual([first!.code, second!.code].sort(), [0, 1005]);
    assert.equal((await h.control('GET', `/payco/charges/${encodeURIComponent(body.sellerOrderReferenceKey)}`)).body.approved, 1);
    assert.equal((await reserve(body)).code, 1005, 'a paid order number reserves no new sheet');
  });

  it('the buyer cancels (2222) or PAYCO refuses in the sheet: returnUrl says so and nothing is charged', async () => {
    const r = await reserve(reserveBody(2000));
    const back = returned(await throughSheet(r.result.orderSheetUrl, { choice: 'cancel' }));
    assert.deepEqual([back.get('code'), back.get('paymentCertifyToken')], ['2222', null]);
    const r2 = await reserve(reserveBody(2000));
    const declined = returned(await throughSheet(r2.result.orderSheetUrl, { choice: 'decline', declineMessage: '한도초과 테스트' }));
    assert.deepEqual([declined.get('code'), declined.get('message')], ['3001', '한도초과 테스트']);
  });

  it('a card the card company declines: the approval answers its code and message, the order is not paid', async () => {
    const { approval, body, back } = await paid(h, 3000, { card: '9361000000000616' });
    assert.equal(approval.code, 3102);
    assert.match(approval.message, /한도초과/);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey });
    assert.equal(v.code, 4001);
  });

  it("the sandbox control's chosen outcome decides PAYCO's approval of that order", async () => {
    const body = reserveBody(3000);
    const chosen = await h.control('PUT', `/payco/outcomes/${SELLER}`, { kind: 'decline', reason: 'insufficient_funds', orderId: body.sellerOrderReferenceKey });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    const r = await reserve(body);
    const back = returned(await throughSheet(r.result.orderSheetUrl));
    const a = await h.api('/outseller/payment/approval', { sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey, paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: 3000 });
    assert.deepEqual([a.code, /잔액부족/.test(a.message)], [3101, true], 'the approved test card declines as chosen');
  });

  it('a PAYCO coupon and PAYCO points are their own paymentDetails', async () => {
    const withCoupon = await paid(h, 5000, { coupon: true });
    assert.deepEqual([withCoupon.back.get('discountAmt'), withCoupon.back.get('mainPgCode')], ['1000', '31']);
    assert.deepEqual(withCoupon.approval.result.paymentDetails.map((d: Json) => [d.paymentMethodCode, d.paymentAmt]), [['31', 4000], ['76', 1000]]);
    const points = await paid(h, 5000, { method: 'wallet:point' });
    assert.deepEqual([points.back.get('mainPgCode'), points.back.get('pointAmt')], ['98', '5000']);
    assert.deepEqual(points.approval.result.paymentDetails.map((d: Json) => [d.paymentMethodCode, d.paymentAmt]), [['98', 5000]]);
  });

  it('cancel: orderCertifyKey required, checkAvailability, partial by product (cancelTotalAmt = order total) with tax split, totalCancelPossibleAmt, over-cancel, the rest by amount', async () => {
    const { approval, body } = await paid(h, 10_000, { coupon: true });
    const { orderNo, orderCertifyKey } = approval.result;
    const cancel = (over: Json) => h.api('/outseller/order/cancel', { sellerKey: SELLER, orderNo, orderCertifyKey, requestMemo: '테스트', ...over });
    assert.equal((await cancel({ orderCertifyKey: 'guess', cancelTotalAmt: 1000 })).code, 4002);
    assert.equal((await cancel({ orderCertifyKey: undefined, cancelTotalAmt: 1000 })).code, 4002);
    const check = await h.api('/outseller/order/cancel/checkAvailability', { sellerKey: SELLER, orderNo, cancelTotalAmt: 3000 });
    assert.deepEqual([check.code, check.result.cancelPossibleYn, check.result.pgCancelPossibleAmt], [0, 'Y', 10_000]);
    assert.equal((await cancel({ cancelTotalAmt: 3000, totalCancelPossibleAmt: 9000 })).code, 4003);
    assert.equal((await cancel({ cancelTotalAmt: 3000, orderProducts: [{ ...TEST_PAIR, sellerOrderProductReferenceKey: 'ITEM_1', productAmt: 2000 }] })).code, 1004);
    // PAYCO's checkout sample: cancelTotalAmt is the order's total, the products' productAmt what is taken back.
    const part = await cancel({
      cancelTotalAmt: 10_000, totalCancelTaxfreeAmt: 0, totalCancelTaxableAmt: 2728, totalCancelVatAmt: 272, totalCancelPossibleAmt: 10_000,
      orderProducts: [{ ...TEST_PAIR, sellerOrderProductReferenceKey: 'ITEM_1', productAmt: 3000, cancelDetailContent: '부분취소' }],
    });
    assert.equal(part.code, 0, JSON.stringify(part));
    assert.deepEqual([part.result.orderNo, part.result.totalCancelPaymentAmt, part.result.remainCancelPossibleAmt, typeof part.result.cancelTradeSeq], [orderNo, 3000, 7000, 'number']);
    assert.deepEqual(part.result.cancelPaymentDetails.map((d: Json) => [d.paymentMethodCode, d.cancelPaymentAmt, d.cancelTaxableAmt, d.cancelVatAmt]), [['31', 3000, 2728, 272]]);
    const over = await cancel({ cancelTotalAmt: 7001 });
    assert.equal(over.code, 4003);
    const rest = await cancel({ cancelTotalAmt: 7000 });
    assert.equal(rest.code, 0);
    assert.deepEqual(rest.result.cancelPaymentDetails.map((d: Json) => [d.paymentMethodCode, d.cancelPaymentAmt]), [['31', 6000], ['76', 1000]], 'the main method first, the coupon last');
    const none = await h.api('/outseller/order/cancel/checkAvailability', { sellerKey: SELLER, orderNo, cancelTotalAmt: 1 });
    assert.deepEqual([none.code, none.result.cancelPossibleYn, none.result.pgCancelPossibleAmt], [0, 'N', 0]);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: approval.result.reserveOrderNo, sellerOrderReferenceKey: body.sellerOrderReferenceKey });
    assert.deepEqual([v.result.totalCancelPaymentAmt, v.result.remainCancelPossibleAmt, v.result.cancelDetails.length, v.result.orderProducts[0].orderProductStatusCode], [10_000, 0, 2, 'OPSCANC']);
  });

  it('order product status: DELIVERY_START then PURCHASE_DECISION; other values and other sellers are refused', async () => {
    const { approval } = await paid(h, 1500);
    const up = (over: Json) => h.api('/outseller/order/updateOrderProductStatus', { sellerKey: SELLER, orderNo: approval.result.orderNo, sellerOrderProductReferenceKey: 'ITEM_1', ...over });
    assert.equal((await up({ orderProductStatus: 'CANCELED' })).code, 1001);
    assert.equal((await up({ orderProductStatus: 'DELIVERY_START', sellerKey: 'OTHER1' })).code, 4001);
    assert.equal((await up({ orderProductStatus: 'DELIVERY_START' })).code, 0);
    assert.equal((await up({ orderProductStatus: 'PURCHASE_DECISION' })).code, 0);
    assert.equal((await up({ orderProductStatus: 'DELIVERY_START' })).code, 1001, 'a confirmed purchase does not go back');
  });

  it('vbank: account at approval, deposit control sends the notice to nonBankbookDepositInformUrl, verify shows it paid', async () => {
    const { approval, body, back } = await paid(h, 25_000, { method: 'vbank', bank: '088' }, { extraData: '{"virtualAccountExpiryYmd":"20270120"}' });
    assert.equal(back.get('mainPgCode'), '02');
    const res = approval.result;
    assert.equal(res.paymentCompletionYn, 'N');
    const info = res.paymentDetails[0].nonBankbookSettleInfo;
    assert.deepEqual([info.bankCode, info.bankName, info.paymentExpirationYmd], ['088', '신한은행', '20270120']);
    assert.match(info.accountNo, /^88[0-9]{11}$/);
    const cancelEarly = await h.api('/outseller/order/cancel', { sellerKey: SELLER, orderNo: res.orderNo, orderCertifyKey: res.orderCertifyKey, cancelTotalAmt: 25_000 });
    assert.equal(cancelEarly.code, 4003, 'nothing to cancel before the deposit');
    const before = h.notices.length;
    const dep = await h.control('POST', `/payco/vbanks/${res.orderNo}/deposit`, { depositorName: '홍길동' });
    assert.deepEqual([dep.status, dep.body.notified], [200, true], JSON.stringify(dep.body));
    const notice = h.notices.slice(before);
    assert.equal(notice.length, 1);
    assert.equal(notice[0]!.url, 'https://shop.example/pg/payco/notify');
    const sent = JSON.parse(new URLSearchParams(notice[0]!.body).get('response')!) as Json;
    assert.deepEqual([sent.orderNo, sent.sellerOrderReferenceKey, sent.paymentCompletionYn, sent.totalPaymentAmt, sent.depositorName], [res.orderNo, body.sellerOrderReferenceKey, 'Y', 25_000, '홍길동']);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey });
    assert.deepEqual([v.result.paymentCompletionYn, v.result.remainCancelPossibleAmt], ['Y', 25_000]);
  });

  it('a seller registered with its own cpId/productId: the published test pair no longer reserves for it', async () => {
    const own = { cpId: 'OWN_CP', productId: 'OWN_PROD' };
    assert.equal((await h.control('PUT', '/payco/merchants/OWNSEL', own)).status, 200);
    const product = (pair: Json) => [{ ...reserveBody(1000).orderProducts[0], ...pair }];
    assert.equal((await reserve(reserveBody(1000, { sellerKey: 'OWNSEL', orderProducts: product(TEST_PAIR) }))).code, 1003);
    assert.equal((await reserve(reserveBody(1000, { sellerKey: 'OWNSEL', orderProducts: product(own) }))).code, 0);
    const usable = await h.api('/outseller/code/checkUsability', { sellerKey: 'OWNSEL', codes: [{ codeKind: 'CP_ID', codeValue: 'OWN_CP' }, { codeKind: 'PRODUCT_ID', codeValue: 'PROD_EASY', upperCodeValue: 'OWN_CP' }] });
    assert.deepEqual(usable.result.codes.map((c: Json) => c.usableYn), ['Y', 'N']);
  });
});
