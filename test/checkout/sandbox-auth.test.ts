/**
 * Issue 13 defect 6: the fake PGs authenticate their server APIs as the real PGs do, so a caller who
 * only saw a receipt (the tid) and the MID cannot look a charge up or refund it. JTNet takes the MID's
 * `api_key` on every server call and `cancel_pw` to cancel; PAYCO reads an order back only with its
 * reservation number and cancels only with the order's `orderCertifyKey`. A sandbox channel saved
 * with its own keys registers them all at its fake PG, charges and refunds with them; a refused
 * attempt changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel, pgStringOf } from '../../src/app/merchant-admin.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg, rspOf } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

type Json = Record<string, unknown>;

/** The PG's order number is our imp_uid. */
async function paidThroughWindow(gw: TestGateway, pg: string, amount: number): Promise<{ impUid: string; tid: string }> {
  const params = baseParams({ pg, amount });
  const run = await throughSandboxWindow(gw, params, cardChoice('approve'));
  const rsp = rspOf(await returnFromPg(gw, run.impUid, run.back.fields));
  assert.equal(rsp.imp_success, true, JSON.stringify(rsp));
  const pay = (await gw.call('GET', `/payments/${run.impUid}`)).body.response;
  assert.equal(pay.status, 'paid');
  return { impUid: run.impUid, tid: pay.pg_tid };
}

/** After every refused attempt: the gateway still says paid, and the merchant's own refund works. */
async function merchantRefundStillWorks(gw: TestGateway, impUid: string, amount: number) {
  const before = (await gw.call('GET', `/payments/${impUid}`)).body.response;
  assert.deepEqual([before.status, before.cancel_amount], ['paid', 0]);
  const r = await gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, reason: 'merchant refund' } });
  assert.equal(r.body.code, 0, JSON.stringify(r.body));
  assert.deepEqual([r.body.response.status, r.body.response.cancel_amount], ['cancelled', amount]);
}

for (const driver of testDrivers()) {
  describe(`fake PGs authenticate their callers (${driver})`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(async () => { await gw.close(); });

    it('JTNet: a refund of a real tid without the api_key / cancel_pw is refused and changes nothing', async () => {
      const own = { secret: 'own-merchant-key', apiKey: 'own-api-key-0123', cancelPassword: '987654' };
      const c = await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'jtnet', pgId: 'authmid01', purpose: 'general', credentials: own });
      const { impUid, tid } = await paidThroughWindow(gw, pgStringOf(c), 3000);
      // tPay publishes no lookup: `refunds` is the server call that could tell or change something.
      const refunds = async (extra: Record<string, string>) => (await (await fetch(`${gw.sandboxUrl}/jtnet/api/v1/refunds`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ mid: 'authmid01', tid, moid: impUid, cancel_amt: '3000', partial_cancel: '0', cancel_msg: 'x', ...extra }),
      })).json()) as Json;
      const published = 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==';
      for (const who of [{}, { api_key: 'guess', cancel_pw: own.cancelPassword }, { api_key: published, cancel_pw: '123456' }] as Record<string, string>[]) {
        const r = await refunds(who);
        assert.equal(r.result_cd, 'E010', JSON.stringify(who));
        assert.equal(r.tid, undefined, 'nothing about the charge is told');
      }
      assert.equal((await refunds({ api_key: own.apiKey })).result_cd, 'C010', 'the api_key alone does not cancel');
      assert.equal((await refunds({ api_key: own.apiKey, cancel_pw: '123456' })).result_cd, 'C010');

      // The fake PG refunded nothing: the merchant's own full refund still goes through.
      await merchantRefundStillWorks(gw, impUid, 3000);
    });

    it('PAYCO: a verify without the reservation number or a cancel without the orderCertifyKey is refused and changes nothing', async () => {
      const own = { cpId: 'OWN_CP_01', productId: 'OWN_PROD_01' };
      const c = await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'payco', pgId: 'AUTHSELLER', purpose: 'general', credentials: own });
      const { impUid, tid } = await paidThroughWindow(gw, pgStringOf(c), 4000);
      // PAYCO's outseller API (docs/pgs/payco-fake.md): what a caller who saw the receipt knows is the orderNo and the sellerKey.
      const api = async (path: string, body: Json) => (await (await fetch(`${gw.sandboxUrl}/payco/outseller/${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sellerKey: 'AUTHSELLER', ...body }),
      })).json()) as { code: number; result?: Json };
      const refused = (r: { code: number; result?: Json }, what: string) => {
        assert.notEqual(r.code, 0, what);
        assert.equal(r.result, undefined, what);
      };
      refused(await api('payment/approval/getDetailForVerify', { sellerOrderReferenceKey: impUid }), 'verify without reserveOrderNo');
      refused(await api('payment/approval/getDetailForVerify', { sellerOrderReferenceKey: impUid, reserveOrderNo: '202701010000000000' }), 'verify with a guessed reserveOrderNo');
      const cancelBody = { orderNo: tid, cancelTotalAmt: 4000, requestMemo: 'x', ...own };
      refused(await api('order/cancel', cancelBody), 'cancel without orderCertifyKey');
      refused(await api('order/cancel', { ...cancelBody, orderCertifyKey: 'guess' }), 'cancel with a guessed orderCertifyKey');
      const check = await api('order/cancel/checkAvailability', { orderNo: tid, cancelTotalAmt: 4000 });
      assert.equal(check.result?.pgCancelPossibleAmt, 4000, 'the fake PG refunded nothing');

      await merchantRefundStillWorks(gw, impUid, 4000);
    });

    it('Paymentwall: a sandbox project with its own Brick keys is known by them only; the derived t_priv_ key no longer opens it', async () => {
      await addChannel(gw.ctx, gw.demo.merchant.id, {
        provider: 'paymentwall', pgId: 'ownbrickproject', purpose: 'billing', credentials: { secret: 'own-pw-secret', publicKey: 'own-pub-key', apiKey: 'own-priv-key' },
      });
      const get = async (apiKey: string) => (await (await fetch(`${gw.sandboxUrl}/paymentwall/api/brick/charge/123`, { headers: { 'X-ApiKey': apiKey } })).json()) as Json;
      assert.equal((await get('t_priv_ownbrickproject')).code, 4007, 'the derived key is refused');
      assert.equal((await get('own-priv-key')).code, 3000, 'its own private key names the project (no such charge there)');
      assert.equal((await get('t_priv_someotherproject')).code, 3000, 'a project without keys of its own keeps the sandbox convention');
    });

    it('registers every credential of a sandbox channel at its fake PG, not only the secret', async () => {
      // A JTNet channel whose own api_key reaches the fake PG: a call with the published test key is refused.
      const c = await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'jtnet', pgId: 'authmid02', purpose: 'general', credentials: { apiKey: 'only-api-key' } });
      assert.ok(c);
      const delBillkey = async (apiKey: string) => (await (await fetch(`${gw.sandboxUrl}/jtnet/api/v1/del_billkey`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ mid: 'authmid02', api_key: apiKey, card_token: 'none' }),
      })).json()) as Json;
      assert.equal((await delBillkey('only-api-key')).result_cd, 'F301', 'authenticated: no such card_token');
      assert.equal((await delBillkey('hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==')).result_cd, 'E010');
    });

    it('a sandbox channel without keys of its own is registered as such: the PG\'s published test keys open it (docs/channels.md)', async () => {
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'jtnet', pgId: 'authmid03', purpose: 'general' });
      const delBillkey = async (apiKey: string) => (await (await fetch(`${gw.sandboxUrl}/jtnet/api/v1/del_billkey`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ mid: 'authmid03', api_key: apiKey, card_token: 'none' }),
      })).json()) as Json;
      assert.equal((await delBillkey('hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==')).result_cd, 'F301', 'the published api_key is accepted (no such card_token)');
      assert.equal((await delBillkey('made-up-key')).result_cd, 'E010', 'any other key is not');
      // Paymentwall: a project with only its (required) secret is charged with the sandbox's derived Brick keys.
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'paymentwall', pgId: 'secretonlyproject', purpose: 'billing', credentials: { secret: 'only-secret' } });
      const get = async (apiKey: string) => (await (await fetch(`${gw.sandboxUrl}/paymentwall/api/brick/charge/123`, { headers: { 'X-ApiKey': apiKey } })).json()) as Json;
      assert.equal((await get('t_priv_secretonlyproject')).code, 3000, 'the derived private key names the project');
    });
  });
}
