/**
 * PAYCO as its own material answers (test/support/doc-pg-payco.ts: devcenter.payco.com's reserve table,
 * PAYCO's sample code, the recorded PAY2 return), behind a **test** channel (OPENIMP_PAYCO_URL): a card
 * order sheet approved through its PAY2 return, its partial and whole cancels, and a virtual account
 * paid on PAYCO's deposit notice; each request openimp sends is checked against the documented table,
 * and PAYCO's answers read back as V1 fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { baseParams, getPage, rspOf, startPay } from './checkout/checkout-driver.ts';
import { testDrivers } from './support/db.ts';
import { paycoDocPg, type PaycoDocPg } from './support/doc-pg-payco.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';
import { startRecordingPg, type RecordingPg } from './support/recording-pg.ts';

const SELLER = 'S0FSJE'; // payco_config.php "테스트 정보"
const CP_ID = 'PARTNERTEST';
const PRODUCT_ID = 'PROD_EASY';
const PAYCO_FROM = '198.51.100.20'; // PAYCO publishes no source address: the operator configures one

for (const driver of testDrivers()) {
  describe(`PAYCO test channel against PAYCO's documented API (${driver})`, () => {
    let gw: TestGateway;
    let rec: RecordingPg;
    let payco: PaycoDocPg;
    const last = (path: string) => JSON.parse(rec.received.filter((r) => new URL(r.url, rec.url).pathname === path).at(-1)!.body) as Record<string, any>;

    before(async () => {
      rec = await startRecordingPg();
      payco = paycoDocPg(SELLER, CP_ID, PRODUCT_ID);
      rec.relay = payco.relay;
      gw = await startGateway(driver, {
        demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
        publicUrl: 'https://pay.example.com',
        pgOverrides: (p) => ({ url: p === 'payco' ? rec.url : null, notifyIps: p === 'payco' ? [PAYCO_FROM] : null }),
      });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'payco', pgId: SELLER, purpose: 'general', mode: 'test', credentials: { cpId: CP_ID, productId: PRODUCT_ID } });
    });
    after(async () => {
      assert.deepEqual(payco.problems, [], 'every request openimp sent fits PAYCO\'s documented tables');
      await gw.close();
      await rec.close();
    });

    const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
    async function sheet(params: Record<string, unknown>, method: 'card' | 'vbank') {
      const before = payco.reserved.size;
      const start = await startPay(gw, baseParams(params));
      const [imp, reserve] = [...payco.reserved].at(-1) ?? [];
      assert.ok(imp && reserve && payco.reserved.size === before + 1, `reserved at PAYCO: ${start.body.slice(0, 300)}`);
      assert.ok(start.body.includes('https://alpha-bill.payco.com/outseller/order/sheet?reserveOrderNo='), 'the window opens PAYCO\'s orderSheetUrl');
      const back = await getPage(gw, `/checkout/return/${imp}?${payco.returnQuery(imp, method)}`);
      return { imp, reserve, rsp: rspOf(back) };
    }

    it('card: the reserve is PAYCO\'s documented table (PAY2, one product of the channel\'s cpId/productId); the approval carries the token and the gateway\'s amount; the answer reads back as V1', async () => {
      const { imp, reserve } = await sheet({ pg: `payco.${SELLER}`, pay_method: 'card', amount: 14000 }, 'card');
      assert.deepEqual(
        [reserve.sellerOrderReferenceKey, reserve.totalPaymentAmt, reserve.currency, reserve.payMode, reserve.orderChannel, reserve.returnUrl],
        [imp, 14000, 'KRW', 'PAY2', 'PC', `https://pay.example.com/checkout/return/${imp}`],
      );
      assert.deepEqual([reserve.totalTaxableAmt, reserve.totalVatAmt, reserve.totalTaxfreeAmt], [12727, 1273, 0], 'VAT = 1/11 of the taxable total');
      const a = last('/outseller/payment/approval');
      assert.deepEqual([a.sellerOrderReferenceKey, a.totalPaymentAmt, a.paymentCertifyToken.startsWith('PCT')], [imp, 14000, true]);
      const p = await payment(imp);
      assert.deepEqual(
        [p.status, p.amount, p.pg_provider, p.pg_id, p.pay_method, p.card_name, p.card_number, p.apply_num, p.sandbox],
        ['paid', 14000, 'payco', SELLER, 'card', '신한카드', '45184212****1234', '30012345', false],
        JSON.stringify(p),
      );
      assert.match(p.pg_tid, /^20261207\d{6}01$/, 'PAYCO\'s orderNo');
    });

    it('cancels: checkAvailability, then cancel with orderCertifyKey, the amount now, its tax split and the balance before; a part names the reserved product', async () => {
      const { imp } = await sheet({ pg: `payco.${SELLER}`, pay_method: 'card', amount: 11000 }, 'card');
      const part = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, amount: 5500, reason: '부분 취소' } });
      assert.equal(part.body.code, 0, part.raw);
      const check = last('/outseller/order/cancel/checkAvailability');
      assert.equal(check.orderNo, (await payment(imp)).pg_tid);
      let c = last('/outseller/order/cancel');
      assert.deepEqual([c.cancelTotalAmt, c.totalCancelPossibleAmt, c.totalCancelTaxableAmt + c.totalCancelVatAmt, c.orderProducts?.[0]?.sellerOrderProductReferenceKey, c.orderProducts?.[0]?.productAmt], [5500, 11000, 5500, imp, 5500]);
      assert.deepEqual([part.body.response.status, part.body.response.cancel_amount], ['paid', 5500]);
      const rest = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, reason: '나머지' } });
      assert.equal(rest.body.code, 0, rest.raw);
      c = last('/outseller/order/cancel');
      assert.deepEqual([c.cancelTotalAmt, c.totalCancelPossibleAmt], [5500, 5500]);
      assert.deepEqual([rest.body.response.status, rest.body.response.cancel_amount, rest.body.response.cancel_history.length], ['cancelled', 11000, 2]);
    });

    it('virtual account: issued from nonBankbookSettleInfo; PAYCO\'s deposit notice, confirmed by getDetailForVerify, pays it', async () => {
      const { imp, reserve } = await sheet({ pg: `payco.${SELLER}`, pay_method: 'vbank', amount: 30000 }, 'vbank');
      let p = await payment(imp);
      assert.deepEqual([p.status, p.vbank_num, p.vbank_name, p.vbank_code], ['ready', '56211102672708', '기업은행', '003'], JSON.stringify(p));
      const notify = new URL(reserve.nonBankbookDepositInformUrl);
      assert.equal(notify.origin, 'https://pay.example.com');
      const post = (from: string) => gw.app.inject({
        method: 'POST', url: `${notify.pathname}${notify.search}`, remoteAddress: from, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ response: JSON.stringify({ sellerOrderReferenceKey: imp, reserveOrderNo: last('/outseller/payment/approval').reserveOrderNo }) }).toString(),
      });
      const early = await post(PAYCO_FROM);
      assert.notEqual(early.body, 'OK', 'PAYCO has not seen the deposit: refused');
      assert.equal((await payment(imp)).status, 'ready');
      payco.deposit(imp);
      const heard = await post(PAYCO_FROM);
      assert.deepEqual([heard.statusCode, heard.body], [200, 'OK']);
      p = await payment(imp);
      assert.deepEqual([p.status, p.amount], ['paid', 30000]);
      assert.equal(last('/outseller/payment/approval/getDetailForVerify').sellerOrderReferenceKey, imp);
    });
  });
}
