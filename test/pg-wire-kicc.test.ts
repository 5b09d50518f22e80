/**
 * KICC as its own documentation answers (test/support/doc-pg-kicc.ts, written from docs.kicc.co.kr and
 * KICC's recorded answers), behind a **test** channel (OPENIMP_KICC_URL): the flows a merchant drives —
 * a card window, its partial and whole cancels, a virtual account paid by KICC's deposit webhook, the
 * billing-key window, a charge by the key and its deletion — and for each request openimp sends, the
 * documented method, path, content type, field table, dates and msgAuthValue; then the documented
 * answers read back as V1 fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { baseParams, returnFromPg, rspOf, startPay } from './checkout/checkout-driver.ts';
import { kstToday } from './support/doc-fields.ts';
import { kiccDocPg, kiccHmac, type KiccDocPg } from './support/doc-pg-kicc.ts';
import { testDrivers } from './support/db.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';
import { startRecordingPg, type RecordingPg } from './support/recording-pg.ts';

const MALL = 'T0001997'; // developer.easypay.co.kr examples
const BILLING_MALL = 'T0001004';
const SECRET = 'kicc-doc-secret-SENTINEL';
const KICC_TEST_SOURCE = '61.33.205.151'; // docs.kicc.co.kr webhook: the test environment's address

for (const driver of testDrivers()) {
  describe(`KICC test channel against KICC's documented API (${driver})`, () => {
    let gw: TestGateway;
    let rec: RecordingPg;
    let kicc: KiccDocPg;
    let billing: KiccDocPg;
    const sent = (path: string) => rec.received.filter((r) => new URL(r.url, rec.url).pathname === path).map((r) => JSON.parse(r.body) as Record<string, any>);
    const last = (path: string) => sent(path).at(-1)!;

    before(async () => {
      rec = await startRecordingPg();
      kicc = kiccDocPg(MALL, SECRET);
      billing = kiccDocPg(BILLING_MALL, SECRET);
      // One KICC host serves both mall ids: each request goes to the mall it names.
      rec.relay = (r) => (JSON.parse(r.body || '{}').mallId === BILLING_MALL ? billing : kicc).relay(r);
      gw = await startGateway(driver, {
        demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
        publicUrl: 'https://pay.example.com',
        pgOverrides: (p) => ({ url: p === 'kicc' ? rec.url : null, notifyIps: null }),
      });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'kicc', pgId: MALL, purpose: 'general', mode: 'test', credentials: { secret: SECRET } });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'kicc', pgId: BILLING_MALL, purpose: 'billing', mode: 'test', credentials: { secret: SECRET } });
    });
    after(async () => {
      assert.deepEqual([...kicc.problems, ...billing.problems], [], 'every request openimp sent fits KICC\'s documented tables');
      assert.ok(!gw.logLines.some((l) => l.includes(SECRET)), 'the secret key never reaches the log');
      await gw.close();
      await rec.close();
    });

    const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
    /** The window: registration, then KICC's POST to the returnUrl with what its docs say it posts. */
    async function windowPay(pg: KiccDocPg, params: Record<string, unknown>) {
      const before = pg.registered.size;
      const start = await startPay(gw, baseParams(params));
      const [imp, reg] = [...pg.registered].at(-1) ?? [];
      assert.ok(imp && reg && pg.registered.size === before + 1, `registered at KICC: ${start.body.slice(0, 300)}`);
      assert.match(imp, /^imp_\d{12}$/, 'shopOrderNo is the imp_uid');
      assert.ok(start.body.includes('https://testpgapi.easypay.co.kr/webpay/MainAction.do?authPageToken='), 'the window opens KICC\'s authPageUrl');
      const shopValues = Object.fromEntries(Object.entries(reg.shopValueInfo ?? {}).map(([k, v]) => [`shopValue${k.slice(5)}`, String(v)]));
      const back = await returnFromPg(gw, imp, { resCd: '0000', resMsg: '정상처리', shopOrderNo: imp, authorizationId: pg.authorizationOf(imp), ...shopValues });
      return { imp, reg, rsp: rspOf(back) };
    }

    it('card window: the registration and the approval are KICC\'s documented requests; the answer reads back as V1', async () => {
      const { imp, reg, rsp } = await windowPay(kicc, { pg: `kicc.${MALL}`, pay_method: 'card', amount: 14000, buyer_tel: '010-1234-5678' });
      assert.deepEqual(
        { mallId: reg.mallId, shopOrderNo: reg.shopOrderNo, amount: reg.amount, payMethodTypeCode: reg.payMethodTypeCode, currency: reg.currency, deviceTypeCode: reg.deviceTypeCode, clientTypeCode: reg.clientTypeCode },
        { mallId: MALL, shopOrderNo: imp, amount: 14000, payMethodTypeCode: '11', currency: '00', deviceTypeCode: 'pc', clientTypeCode: '00' },
      );
      assert.equal(reg.returnUrl, `https://pay.example.com/checkout/return/${imp}`);
      assert.equal(reg.orderInfo.customerInfo.customerContactNo, '01012345678', 'numbers only');
      assert.deepEqual([rsp.success, rsp.imp_uid], [true, imp], JSON.stringify(rsp));

      const a = last('/api/ep9/trades/approval');
      assert.deepEqual({ ...a, shopTransactionId: typeof a.shopTransactionId }, { mallId: MALL, shopTransactionId: 'string', authorizationId: kicc.authorizationOf(imp), shopOrderNo: imp, approvalReqDate: kstToday() });
      const p = await payment(imp);
      assert.deepEqual(
        [p.status, p.amount, p.pg_provider, p.pg_id, p.pay_method, p.apply_num, p.card_name, p.card_number, p.card_type, p.sandbox],
        ['paid', 14000, 'kicc', MALL, 'card', '62361024', '하나비씨카드', '41918700****383*', 0, false],
        JSON.stringify(p),
      );
      assert.match(p.pg_tid, /^\d{20}$/);
      assert.equal(p.receipt_url, `https://testpgweb.easypay.co.kr/receipt/card?pgTid=${p.pg_tid}`);
    });

    it('text fields are cut to the documented length in bytes (goodsName 50Byte, customerName 20Byte), never inside a character', async () => {
      const before = kicc.problems.length;
      const { reg, rsp } = await windowPay(kicc, { pg: `kicc.${MALL}`, pay_method: 'card', amount: 1000, name: '가나다라마바사아자차카타파하'.repeat(2), buyer_name: '김수한무거북이와두루미' });
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      assert.deepEqual(kicc.problems.slice(before), []);
      assert.equal(reg.orderInfo.goodsName, '가나다라마바사아자차카타파하가나', '16 Hangul = 48 bytes');
      assert.equal(reg.orderInfo.customerInfo.customerName, '김수한무거북', '6 Hangul = 18 bytes');
    });

    it('cancels: a part is revise 32 with the balance after it, the rest again 32 to 0; a whole payment is 40 without amount; each signed pgCno|shopTransactionId', async () => {
      const { imp } = await windowPay(kicc, { pg: `kicc.${MALL}`, pay_method: 'card', amount: 14000 });
      const pgTid = (await payment(imp)).pg_tid;
      const part = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, amount: 4000, reason: '부분 취소' } });
      assert.equal(part.body.code, 0, part.raw);
      let r = last('/api/trades/revise');
      assert.deepEqual([r.pgCno, r.reviseTypeCode, r.amount, r.remainAmount, r.cancelReqDate], [pgTid, '32', 4000, 10000, kstToday()]);
      assert.equal(r.msgAuthValue, kiccHmac(SECRET, pgTid, r.shopTransactionId));
      assert.deepEqual([part.body.response.status, part.body.response.cancel_amount], ['paid', 4000]);
      assert.match(part.body.response.cancel_history[0].pg_tid, /^\d{20}$/);

      const rest = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, reason: '나머지 취소' } });
      assert.equal(rest.body.code, 0, rest.raw);
      r = last('/api/trades/revise');
      assert.deepEqual([r.reviseTypeCode, r.amount, r.remainAmount], ['32', 10000, 0]);
      assert.deepEqual([rest.body.response.status, rest.body.response.cancel_amount], ['cancelled', 14000]);

      const whole = await windowPay(kicc, { pg: `kicc.${MALL}`, pay_method: 'card', amount: 5000 });
      const all = await gw.call('POST', '/payments/cancel', { json: { merchant_uid: (await payment(whole.imp)).merchant_uid, reason: '전체 취소' } });
      assert.equal(all.body.code, 0, all.raw);
      r = last('/api/trades/revise');
      assert.deepEqual([r.reviseTypeCode, 'amount' in r, 'remainAmount' in r], ['40', false, false]);
      assert.equal(r.msgAuthValue, kiccHmac(SECRET, r.pgCno, r.shopTransactionId));
      assert.deepEqual([all.body.response.status, all.body.response.cancel_amount], ['cancelled', 5000]);
    });

    it('virtual account: registration 22; the issued account reads back as V1 vbank fields; KICC\'s deposit webhook (notiType 30) from its test address pays it', async () => {
      const { imp, reg, rsp } = await windowPay(kicc, { pg: `kicc.${MALL}`, pay_method: 'vbank', amount: 30000 });
      assert.equal(reg.payMethodTypeCode, '22');
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      let p = await payment(imp);
      assert.deepEqual([p.status, p.vbank_num, p.vbank_name, p.vbank_holder], ['ready', '79012345678901', 'NH농협', '(주)오픈아임포트'], JSON.stringify(p));
      const noti = { resCd: '0000', resMsg: '정상', mallId: MALL, notiType: '30', pgCno: p.pg_tid, shopOrderNo: imp, amount: 30000 };
      const post = (from: string) => gw.app.inject({ method: 'POST', url: '/pg/kicc/notify', remoteAddress: from, payload: JSON.stringify(noti), headers: { 'content-type': 'application/json; charset=utf-8' } });
      assert.notEqual((await post('203.0.113.9')).statusCode, 200, 'not KICC\'s address');
      assert.equal((await payment(imp)).status, 'ready');
      const heard = await post(KICC_TEST_SOURCE);
      assert.deepEqual([heard.statusCode, JSON.parse(heard.body)], [200, { resCd: '0000', resMsg: 'Success' }], 'the documented acknowledgement');
      p = await payment(imp);
      assert.deepEqual([p.status, p.amount], ['paid', 30000]);
    });

    it('billing: the key window is 81 with amount 0; a charge is approval/batch with the batch key; deleting the customer removes the key at KICC', async () => {
      const uid = `kicc_doc_${driver}`;
      const { reg, rsp } = await windowPay(billing, { pg: `kicc.${BILLING_MALL}`, pay_method: 'card', amount: 0, customer_uid: uid });
      assert.deepEqual([reg.payMethodTypeCode, reg.amount], ['81', 0]);
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      const customer = (await gw.call('GET', `/subscribe/customers/${uid}`)).body.response;
      assert.deepEqual([customer.pg_provider, customer.pg_id, customer.card_name, customer.card_number], ['kicc', BILLING_MALL, '하나비씨카드', '41918700****383*'], JSON.stringify(customer));

      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: uid, merchant_uid: `${uid}_1`, amount: 3000, name: '정기결제 1회차', buyer_name: '홍길동', buyer_tel: '010-1234-5678', buyer_email: 'a@b.c' } });
      assert.equal(again.body.code, 0, again.raw);
      const b = last('/api/trades/approval/batch');
      assert.deepEqual(
        { mallId: b.mallId, amount: b.amount, currency: b.currency, approvalReqDate: b.approvalReqDate, batchKey: b.payMethodInfo.billKeyMethodInfo.batchKey, goodsName: b.orderInfo.goodsName },
        { mallId: BILLING_MALL, amount: 3000, currency: '00', approvalReqDate: kstToday(), batchKey: billing.batchKey, goodsName: '정기결제 1회차' },
      );
      assert.equal(b.shopOrderNo, again.body.response.imp_uid);
      assert.deepEqual([again.body.response.status, again.body.response.amount, again.body.response.apply_num], ['paid', 3000, '62361024']);

      const del = await gw.call('DELETE', `/subscribe/customers/${uid}`);
      assert.equal(del.body.code, 0, del.raw);
      const rm = last('/api/trades/removeBatchKey');
      assert.deepEqual([rm.mallId, rm.batchKey, rm.removeReqDate], [BILLING_MALL, billing.batchKey, kstToday()]);
      assert.deepEqual(billing.removed, [billing.batchKey]);
    });
  });
}
