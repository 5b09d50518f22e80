/**
 * The fake PAYCO's recurring payments and unknown outcomes, over HTTP (seller.case.ts): a
 * registration sheet that charges nothing, /info, charges with /payment (once per order number),
 * /delete; a PG timeout settled by getDetailForVerify; openimp's REST vbank issue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SELLER, reserveBody, returned, startPayco, throughSheet, uid, type Harness, type Json } from './seller.case.ts';

const AUTO_PAIR = { cpId: 'PARTNERTEST_AUTO', productId: 'PROD_AUTO' };

describe('fake PAYCO: recurring payments and unknown outcomes', () => {
  let h: Harness;
  before(async () => { h = await startPayco(); });
  after(async () => { await h?.close(); });

  /** AutoPayment_Util's reserve, then the buyer registers `card`; the returnUrl query. */
  async function register(card = '9366000000000009', over: Json = {}): Promise<{ ref: string; back: URLSearchParams }> {
    const ref = uid('cust');
    const r = await h.api('/outseller/autoPayment/reserve', {
      sellerKey: SELLER, cpId: AUTO_PAIR.cpId, sellerAutoPaymentReferenceKey: ref, currency: 'KRW', totalPaymentAmt: 1000,
      returnUrl: 'https://shop.example/payco/auto-return', returnUrlParam: '{"u":"1"}', orderMethod: 'EASYPAY', orderChannel: 'PC', inAppYn: 'N', ...over,
    });
    assert.equal(r.code, 0, JSON.stringify(r));
    assert.equal(r.result.orderSheetUrl, `${h.url}/autoPayment/easyLogin/${r.result.reserveOrderNo}`);
    const end = await throughSheet(r.result.orderSheetUrl, { card });
    return { ref, back: returned(end) };
  }

  const info = (ref: string, key: unknown) => h.api('/outseller/autoPayment/info', { sellerKey: SELLER, sellerAutoPaymentReferenceKey: ref, autoPaymentCertifyKey: key });
  const charge = (no: string, key: string, orderRef: string, amount: number) => h.api('/outseller/autoPayment/payment', {
    sellerKey: SELLER, autoPaymentNo: no, autoPaymentCertifyKey: key, sellerOrderReferenceKey: orderRef, sellerOrderReferenceKeyType: 'UNIQUE_KEY', currency: 'KRW',
    totalPaymentAmt: amount, totalTaxfreeAmt: 0, orderTitle: '정기결제',
    orderProducts: [{ ...AUTO_PAIR, productAmt: amount, productPaymentAmt: amount, orderQuantity: 1, sortOrdering: 1, productName: '구독', sellerOrderProductReferenceKey: 'SUB_1', taxationType: 'TAXATION' }],
  });

  it('registration charges nothing; info names the card; payment charges once per order number; delete ends it', async () => {
    const refused = await h.api('/outseller/autoPayment/reserve', { sellerKey: SELLER, cpId: 'GUESS', sellerAutoPaymentReferenceKey: 'x', returnUrl: 'https://shop.example/r' });
    assert.equal(refused.code, 1003);
    const { ref, back } = await register();
    assert.deepEqual([back.get('code'), back.get('sellerAutoPaymentReferenceKey'), back.get('u')], ['0', ref, '1']);
    const key = back.get('autoPaymentCertifyKey')!;
    assert.ok(key.length > 40);
    assert.equal((await h.control('GET', '/payco/stats')).body.totalApprovedCharges, 0, 'the registration charged nothing');
    assert.equal((await info(ref, 'guess')).code, 5001, 'a wrong certify key finds no registration');
    const i = await info(ref, key);
    assert.equal(i.code, 0);
    assert.match(i.result.autoPaymentNo, /^[0-9]{18}$/);
    assert.deepEqual([i.result.paymentMethodCode, i.result.corporationCode, i.result.corporationName, i.result.pinNo], ['31', 'CCLG', '신한카드', '936600******0009']);

    const orderRef = uid('again');
    const c = await charge(i.result.autoPaymentNo, key, orderRef, 3000);
    assert.equal(c.code, 0, JSON.stringify(c));
    assert.deepEqual([c.result.totalPaymentAmt, c.result.paymentCompletionYn, c.result.sellerOrderReferenceKey, c.result.paymentDetails[0].paymentMethodCode], [3000, 'Y', orderRef, '31']);
    assert.match(c.result.orderCertifyKey, /^[A-Za-z0-9_-]{47}$/);
    const same = await charge(i.result.autoPaymentNo, key, orderRef, 3000);
    assert.equal(same.result.orderNo, c.result.orderNo, 'the same order number answers its first approval');
    assert.equal((await charge(i.result.autoPaymentNo, key, orderRef, 3001)).code, 1005);
    assert.equal((await h.control('GET', `/payco/charges/${orderRef}`)).body.approved, 1);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, sellerOrderReferenceKey: orderRef });
    assert.deepEqual([v.code, v.result.orderNo], [0, c.result.orderNo], 'an auto-payment charge is verified by the order number alone');
    const cancel = await h.api('/outseller/order/cancel', { sellerKey: SELLER, orderNo: c.result.orderNo, orderCertifyKey: c.result.orderCertifyKey, cancelTotalAmt: 3000, requestMemo: '' });
    assert.deepEqual([cancel.code, cancel.result.remainCancelPossibleAmt], [0, 0]);

    assert.equal((await h.api('/outseller/autoPayment/delete', { sellerKey: SELLER, sellerAutoPaymentReferenceKey: ref, autoPaymentCertifyKey: 'guess' })).code, 5001);
    const del = await h.api('/outseller/autoPayment/delete', { sellerKey: SELLER, sellerAutoPaymentReferenceKey: ref, autoPaymentCertifyKey: key });
    assert.deepEqual(del, { code: 0, message: 'success' }, 'the recorded delete answer');
    assert.equal((await info(ref, key)).code, 5001);
    assert.equal((await charge(i.result.autoPaymentNo, key, uid('late'), 3000)).code, 5001);
  });

  it('a card refused at registration returns its code; a card that declines charges is registered and its charges decline', async () => {
    const lost = await register('9361000000000418');
    assert.equal(lost.back.get('code'), '3104');
    assert.equal(lost.back.get('autoPaymentCertifyKey'), null);
    const poor = await register('9361000000000517');
    const key = poor.back.get('autoPaymentCertifyKey')!;
    const i = await info(poor.ref, key);
    const c = await charge(i.result.autoPaymentNo, key, uid('poor'), 5000);
    assert.equal(c.code, 3101);
    assert.match(c.message, /잔액부족/);
  });

  it('a PG timeout: the approval answers late, getDetailForVerify already knows the order is paid', async () => {
    const body = reserveBody(4000);
    const r = await h.api('/outseller/order/reserve', body);
    const back = returned(await throughSheet(r.result.orderSheetUrl, { card: '9361000000000913' }));
    const ask = { sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey, paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: 4000 };
    const late = h.api('/outseller/payment/approval', ask);
    await new Promise((done) => setTimeout(done, 50));
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: ask.reserveOrderNo, sellerOrderReferenceKey: ask.sellerOrderReferenceKey });
    assert.deepEqual([v.code, v.result.paymentCompletionYn, v.result.totalPaymentAmt], [0, 'Y', 4000]);
    assert.equal((await late).result.orderNo, v.result.orderNo);
  });

  it('a PG error answers HTTP 500 and records nothing; verify then finds no order', async () => {
    const body = reserveBody(4000);
    const r = await h.api('/outseller/order/reserve', body);
    const back = returned(await throughSheet(r.result.orderSheetUrl, { card: '9361000000000962' }));
    const res = await fetch(`${h.url}/outseller/payment/approval`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey, paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: 4000 }),
    });
    assert.equal(res.status, 500);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey });
    assert.equal(v.code, 4001);
  });

  it("openimp's REST vbank issue: the seller's keys, an account, the deposit notice", async () => {
    const ref = uid('vb');
    const ask = { sellerKey: SELLER, cpId: 'PARTNERTEST', productId: 'PROD_EASY', sellerOrderReferenceKey: ref, totalPaymentAmt: 9000, bankCode: '004', virtualAccountExpiryYmd: '20270130', nonBankbookDepositInformUrl: 'https://shop.example/pg/payco/notify' };
    assert.equal((await h.api('/easypay/vbank/issue', { ...ask, productId: 'GUESS' })).code, 1003);
    const r = await h.api('/easypay/vbank/issue', ask);
    assert.equal(r.code, 0, JSON.stringify(r));
    assert.deepEqual([r.result.paymentCompletionYn, r.result.paymentDetails[0].nonBankbookSettleInfo.bankCode], ['N', '004']);
    // A virtual account takes exactly its amount: the control refuses another, and the buyer pays 9000.
    assert.equal((await h.control('POST', `/payco/vbanks/${r.result.orderNo}/deposit`, { depositorName: '김입금', amount: 8000 })).status, 400);
    const dep = await h.control('POST', `/payco/vbanks/${r.result.orderNo}/deposit`, { depositorName: '김입금' });
    assert.equal(dep.body.notified, true);
    const sent = JSON.parse(new URLSearchParams(h.notices.at(-1)!.body).get('response')!) as Json;
    assert.deepEqual([sent.orderNo, sent.paymentCompletionYn, sent.totalPaymentAmt, sent.paymentDetails[0].paymentAmt], [r.result.orderNo, 'Y', 9000, 9000]);
    const v = await h.api('/outseller/payment/approval/getDetailForVerify', { sellerKey: SELLER, sellerOrderReferenceKey: ref });
    assert.deepEqual([v.result.paymentCompletionYn, v.result.remainCancelPossibleAmt], ['Y', 9000]);
  });

  it('a body that is not a JSON object answers PAYCO\'s envelope, not a crash', async () => {
    for (const body of ['null', '[1]', 'not json']) {
      const res = await fetch(`${h.url}/outseller/order/reserve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as Json).code, 1001, body);
    }
  });
});
