/**
 * JTNet tPay as its public material answers (test/support/doc-pg-jtnet.ts: JTNet's TPAY.LIB.php and the
 * merchant code of pg-protocols.md §3), behind **test** channels (OPENIMP_JTNET_URL): the window form
 * (its encryptData recomputed with node:crypto), the approved result tPay posts back and its
 * resultConfirm, partial and whole refunds, a billing key made by gen_billkey (YYMM expiry, 2-digit
 * password), charges with it (again, a schedule) and its deletion, a key-in onetime charge, the transfer window, a result of
 * another amount refused and refunded, and a lost charge answer left unknown rather than asked again;
 * each request checked against the sources' field lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { resolveUnknownAttempts } from '../src/app/resolve-unknown-attempts.ts';
import { runDueSchedules } from '../src/app/run-schedules.ts';
import { createSchedules } from '../src/app/schedule-payments.ts';
import { baseParams, returnFromPg, rspOf, startPay } from './checkout/checkout-driver.ts';
import { testDrivers } from './support/db.ts';
import { jtnetDocPg, tpayDecrypt, type JtnetDocPg } from './support/doc-pg-jtnet.ts';
import { startAgainstDocPg, lastSent } from './support/doc-pg-gateway.ts';
import { interceptPgCalls } from './support/pg-faults.ts';
import type { TestGateway } from './support/gateway.ts';
import type { RecordingPg } from './support/recording-pg.ts';

const MID = 'openimp01m';
const API_MID = 'openimp02m';
// tpaytest0m's published merchantKey and api_key (TPAY sample / min-chagumsa), on our own MIDs.
const MERCHANT_KEY = 'VXFVMIZGqUJx29I/k52vMM8XG4hizkNfiapAkHHFxq0RwFzPit55D3J3sAeFSrLuOnLNVCIsXXkcBfYK1wv8kQ==';
const API_KEY = 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==';
const CANCEL_PW = '123456';

const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function postForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form id="pg" method="post" action="([^"]+)"/i.exec(html);
  assert.ok(action, html.slice(0, 600));
  return { action: unescape(action[1]!), fields: Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)])) };
}

for (const driver of testDrivers()) {
  describe(`JTNet test channel against tPay's published material (${driver})`, () => {
    let gw: TestGateway;
    let rec: RecordingPg;
    let tpay: JtnetDocPg;
    let api: JtnetDocPg;
    const last = (path: string) => lastSent(rec, path);

    before(async () => {
      tpay = jtnetDocPg(MID, MERCHANT_KEY, API_KEY, CANCEL_PW);
      api = jtnetDocPg(API_MID, MERCHANT_KEY, API_KEY, CANCEL_PW);
      ({ gw, rec } = await startAgainstDocPg(driver, 'jtnet', (r) => (new URLSearchParams(r.body).get('mid') === API_MID ? api : tpay).relay(r)));
      const credentials = { secret: MERCHANT_KEY, apiKey: API_KEY, cancelPassword: CANCEL_PW };
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'jtnet', pgId: MID, purpose: 'general', mode: 'test', credentials });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'jtnet', pgId: API_MID, purpose: 'api', mode: 'test', credentials });
    });
    after(async () => {
      assert.deepEqual([...tpay.problems, ...api.problems], [], 'every request openimp sent fits tPay\'s published field lists');
      for (const s of [MERCHANT_KEY, API_KEY]) assert.ok(!gw.logLines.some((l) => l.includes(s)), 'keys never reach the log');
      await gw.close();
      await rec.close();
    });

    const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
    async function windowForm(params: Record<string, unknown>) {
      const start = await startPay(gw, baseParams(params));
      const { action, fields } = postForm(start.body);
      assert.equal(action, `${rec.url}/webTxInit`);
      assert.deepEqual(tpay.checkWindow(fields), []);
      return fields;
    }
    async function windowPay(params: Record<string, unknown>, approvedAmt?: string) {
      const fields = await windowForm(params);
      const back = await returnFromPg(gw, fields.moid!, tpay.approveWindow(fields, approvedAmt));
      return { imp: fields.moid!, fields, rsp: rspOf(back) };
    }

    it('window: webTxInit carries the documented fields and encryptData = enc(amt + mid + moid); the approved result is checked, confirmed to tPay and read back as V1', async () => {
      const { imp, fields, rsp } = await windowPay({ pg: `jtnet.${MID}`, pay_method: 'card', amount: 14000 });
      assert.deepEqual([fields.mid, fields.amt, fields.payMethod, fields.payType, fields.returnUrl], [MID, '14000', 'CARD', '1', `https://pay.example.com/checkout/return/${imp}`]);
      assert.equal(tpayDecrypt(MERCHANT_KEY, fields.ediDate!, fields.encryptData!), `14000${MID}${imp}`);
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      const p = await payment(imp);
      assert.deepEqual(
        [p.status, p.amount, p.pg_provider, p.pg_id, p.apply_num, p.card_name, p.card_code, p.sandbox],
        ['paid', 14000, 'jtnet', MID, '30012345', '삼성카드', '04', false],
        JSON.stringify(p),
      );
      assert.equal(tpay.confirmed.at(-1), p.pg_tid, 'resultConfirm(tid, "000") as TPAY.LIB.php sends it');
      assert.deepEqual(last('/resultConfirm'), { tid: p.pg_tid, result: '000' });
    });

    it('window trans / vbank / phone: webTxInit names them BANK / VBANK / CELLPHONE under the same encryptData; a BANK result (4000) pays the transfer', async () => {
      for (const [payMethod, theirs] of [['vbank', 'VBANK'], ['phone', 'CELLPHONE']]) {
        const f = await windowForm({ pg: `jtnet.${MID}`, pay_method: payMethod, amount: 7000 });
        assert.equal(f.payMethod, theirs);
        assert.equal(tpayDecrypt(MERCHANT_KEY, f.ediDate!, f.encryptData!), `7000${MID}${f.moid}`);
      }
      const { imp, fields, rsp } = await windowPay({ pg: `jtnet.${MID}`, pay_method: 'trans', amount: 8000 });
      assert.equal(fields.payMethod, 'BANK');
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      const p = await payment(imp);
      assert.deepEqual([p.status, p.pay_method, p.amount, p.bank_code, p.bank_name], ['paid', 'trans', 8000, '004', 'KB국민은행'], JSON.stringify(p));
      assert.deepEqual(last('/resultConfirm'), { tid: p.pg_tid, result: '000' });
    });

    it('a result whose decrypted amt is not the attempt\'s is refused before anything counts: nothing paid, no resultConfirm, and what tPay approved is refunded whole', async () => {
      const confirmedBefore = tpay.confirmed.length;
      const { imp, rsp } = await windowPay({ pg: `jtnet.${MID}`, pay_method: 'card', amount: 14000 }, '1400');
      assert.equal(rsp.success, false, JSON.stringify(rsp));
      const p = await payment(imp);
      assert.deepEqual([p.status, p.amount, p.cancel_amount], ['failed', 14000, 0], JSON.stringify(p));
      assert.match(p.fail_reason, /1400/);
      assert.equal(tpay.confirmed.length, confirmedBefore, 'a refused result is not acknowledged');
      const r = last('/api/v1/refunds');
      assert.deepEqual([r.cancel_amt, r.partial_cancel, r.cancel_pw], ['1400', '0', CANCEL_PW]);
    });

    it('onetime without customer_uid keys the card in with payments: the Node integration\'s fields (buyer_nm, YYMM), paid', async () => {
      const merchantUid = `jtnet_doc_onetime_${driver}`;
      const one = await gw.call('POST', '/subscribe/payments/onetime', { json: {
        pg: `jtnet.${API_MID}`, merchant_uid: merchantUid, amount: 3000, card_number: '5361-1212-3434-1234', expiry: '2029-07', birth: '880101', pwd_2digit: '12', name: '단건', buyer_name: '홍길동',
      } });
      assert.equal(one.body.code, 0, one.raw);
      const k = last('/api/v1/payments');
      assert.deepEqual([k.card_num, k.card_exp, k.card_pwd, k.buyer_auth_num, k.amt, k.buyer_nm, k.moid], ['5361121234341234', '2907', '12', '880101', '3000', '홍길동', one.body.response.imp_uid]);
      assert.deepEqual(api.problems, []);
      assert.deepEqual([one.body.response.status, one.body.response.amount, one.body.response.card_number], ['paid', 3000, '536112******1234']);
    });

    it('refunds: a part is partial_cancel 1, the rest again 1; a whole payment is 0; each with the tid, cancel_pw and the amount in digits; 2001 answers it', async () => {
      const { imp } = await windowPay({ pg: `jtnet.${MID}`, pay_method: 'card', amount: 10000 });
      const tid = (await payment(imp)).pg_tid;
      const part = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, amount: 3000, reason: '부분 환불' } });
      assert.equal(part.body.code, 0, part.raw);
      let r = last('/api/v1/refunds');
      assert.deepEqual([r.tid, r.cancel_amt, r.partial_cancel, r.cancel_pw, r.mid], [tid, '3000', '1', CANCEL_PW, MID]);
      assert.deepEqual([part.body.response.status, part.body.response.cancel_amount], ['paid', 3000]);
      const rest = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, reason: '나머지' } });
      assert.equal(rest.body.code, 0, rest.raw);
      r = last('/api/v1/refunds');
      assert.deepEqual([r.cancel_amt, r.partial_cancel], ['7000', '1']);
      assert.deepEqual([rest.body.response.status, rest.body.response.cancel_amount], ['cancelled', 10000]);

      const whole = await windowPay({ pg: `jtnet.${MID}`, pay_method: 'card', amount: 5000 });
      const all = await gw.call('POST', '/payments/cancel', { json: { imp_uid: whole.imp } });
      assert.equal(all.body.code, 0, all.raw);
      r = last('/api/v1/refunds');
      assert.deepEqual([r.cancel_amt, r.partial_cancel], ['5000', '0']);
      assert.equal(all.body.response.status, 'cancelled');
    });

    it('a lost payments_token answer is not asked again at tPay (no source says it dedupes a moid): the charge stays unknown, charged once', async () => {
      const uid = `jtnet_doc_lost_${driver}`;
      // A corporate card: buyer_auth_num carries the 10-digit business number.
      assert.equal((await gw.call('POST', `/subscribe/customers/${uid}`, { json: { pg: `jtnet.${API_MID}`, card_number: '5361-1212-3434-1234', expiry: '2029-07', birth: '1208147521', pwd_2digit: '12' } })).body.code, 0);
      assert.equal(last('/api/v1/gen_billkey').buyer_auth_num, '1208147521');
      let lose = 1;
      interceptPgCalls(gw, async (url, _init, forward) => {
        const res = await forward(); // tPay acts on the call; its answer is lost on the way back
        if (lose > 0 && url.pathname === '/api/v1/payments_token') { lose--; return new Response('<html>502 Bad Gateway</html>', { status: 502 }); }
        return res;
      });
      const sent = () => rec.received.filter((r) => new URL(r.url, rec.url).pathname === '/api/v1/payments_token').length;
      const before = sent();
      const merchantUid = `${uid}_1`;
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: uid, merchant_uid: merchantUid, amount: 2000, name: '정기결제' } });
      assert.equal(r.status, 500, r.raw);
      assert.equal(sent() - before, 1, 'asked once: a repeat could have charged twice');
      const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
      assert.equal(pending.status, 'ready', 'unknown, not guessed');
      assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 0, 'the re-check has nothing to ask either: an operator settles it');
      assert.equal(sent() - before, 1);
    });

    it('billing: gen_billkey gets YYMM, 2 password digits and the birth date; payments_token charges with the key (again, and a schedule); del_billkey removes it', async () => {
      const uid = `jtnet_doc_${driver}`;
      const reg = await gw.call('POST', `/subscribe/customers/${uid}`, { json: { pg: `jtnet.${API_MID}`, card_number: '5361-1212-3434-1234', expiry: '2029-07', birth: '880101', pwd_2digit: '12', customer_name: '홍길동' } });
      assert.equal(reg.body.code, 0, reg.raw);
      const g = last('/api/v1/gen_billkey');
      assert.deepEqual([g.card_num, g.card_exp, g.card_pwd, g.buyer_auth_num], ['5361121234341234', '2907', '12', '880101']);
      assert.deepEqual([reg.body.response.card_name, reg.body.response.card_code], ['삼성카드', '04']);

      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: uid, merchant_uid: `${uid}_1`, amount: 3000, name: '정기결제', buyer_name: '홍길동', buyer_tel: '010-1234-5678', buyer_email: 'a@b.c' } });
      assert.equal(again.body.code, 0, again.raw);
      const t = last('/api/v1/payments_token');
      assert.deepEqual([t.card_token, t.amt, t.goods_nm, t.moid], [api.cardToken, '3000', '정기결제', again.body.response.imp_uid]);
      assert.deepEqual([again.body.response.status, again.body.response.apply_num, again.body.response.amount], ['paid', '30054321', 3000]);

      // A schedule is charged the same way (payments_token with the key), by the schedule runner.
      await createSchedules(gw.ctx, gw.demo.merchant.id, {
        customerUid: uid, customerId: null, pg: null, card: null, checkingAmount: 0,
        schedules: [{ merchantUid: `${uid}_sched`, scheduleAt: gw.ctx.now(), amount: 4000, currency: 'KRW', taxFree: null, name: '예약결제',
          buyer: { name: null, email: null, tel: null, addr: null, postcode: null }, cardQuota: null, customData: null, noticeUrls: null, browserIp: null, promotionId: null }],
      });
      await runDueSchedules(gw.ctx, 'doc-pg', { limit: 10, concurrency: 1, merchantId: gw.demo.merchant.id });
      const scheduled = (await gw.call('GET', `/payments/find/${uid}_sched`)).body.response;
      assert.deepEqual([scheduled.status, scheduled.amount, scheduled.customer_uid], ['paid', 4000, uid], JSON.stringify(scheduled));
      const s = last('/api/v1/payments_token');
      assert.deepEqual([s.card_token, s.amt, s.moid, s.goods_nm], [api.cardToken, '4000', scheduled.imp_uid, '예약결제']);

      const del = await gw.call('DELETE', `/subscribe/customers/${uid}`);
      assert.equal(del.body.code, 0, del.raw);
      assert.deepEqual(api.deleted, [api.cardToken]);
      assert.equal(last('/api/v1/del_billkey').card_token, api.cardToken);
    });
  });
}
