/**
 * Billing keys from payment windows (request_pay with customer_uid): stored like API-issued keys and
 * usable by /subscribe/payments/again. What the window's amount does, per PG (reference §6.5, SEEDS):
 * PAYCO/KICC display only, JTNet 0 = key only / > 0 = key + charge, Paymentwall always charges.
 * Every issuance is one payment record with customer_uid_usage "issue" (docs/differences.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, impUidOf, returnFromPg, rspOf, startPay } from './checkout-driver.ts';
import { installFakePg, type FakePg } from './fake-window.ts';

// Every database driver: the claim, session and state-machine SQL differ between PGlite and PostgreSQL.
for (const driver of testDrivers()) describe(`billing-key windows (${driver})`, () => {
  let gw: TestGateway;
  let pg: FakePg;
  before(async () => {
    gw = await startGateway(driver);
    pg = installFakePg(gw);
  });
  after(() => gw.close());
  const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;

  async function issue(params: Record<string, unknown>, returned: Record<string, string> = { result: 'billing' }) {
    const imp = impUidOf(await startPay(gw, baseParams(params)));
    const rsp = rspOf(await returnFromPg(gw, imp, returned));
    return { imp, rsp, pay: await payment(imp), request: pg.requests.at(-1)! };
  }

  for (const provider of ['payco', 'kicc'] as const) {
    it(`${provider}: the amount is display only — the window shows it, nothing is charged, a paid record of 0`, async () => {
      const uid = `cust_${provider}`;
      const { rsp, pay, request } = await issue({ pg: provider, amount: 1000, customer_uid: uid });
      assert.deepEqual(request.billing, { customerUid: uid, charge: false });
      assert.equal(request.amount, 1000, 'the window shows the amount');
      assert.deepEqual([rsp.success, rsp.status, rsp.paid_amount, rsp.customer_uid], [true, 'paid', 0, uid]);
      assert.deepEqual([pay.amount, pay.status, pay.customer_uid, pay.customer_uid_usage, pay.pg_provider], [0, 'paid', uid, 'issue', provider]);
      const key = (await gw.call('GET', `/subscribe/customers/${uid}`)).body;
      assert.equal(key.code, 0);
      assert.equal(key.response.card_number, '541707******1234');
      assert.equal(key.response.pg_provider, provider);
      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: uid, merchant_uid: `again_${provider}`, amount: 3000 } });
      assert.equal(again.body.code, 0, JSON.stringify(again.body));
      assert.deepEqual([again.body.response.status, again.body.response.amount], ['paid', 3000]);
    });
  }

  it('jtnet amount 0: key only (no charge); amount > 0: key + that charge', async () => {
    const keyOnly = await issue({ pg: 'jtnet', amount: 0, customer_uid: 'cust_jt0' });
    assert.deepEqual(keyOnly.request.billing, { customerUid: 'cust_jt0', charge: false });
    assert.deepEqual([keyOnly.rsp.success, keyOnly.pay.amount, keyOnly.pay.status, keyOnly.pay.pg_tid], [true, 0, 'paid', null]);
    const charged = await issue({ pg: 'jtnet', amount: 5000, customer_uid: 'cust_jt1' });
    assert.deepEqual(charged.request.billing, { customerUid: 'cust_jt1', charge: true });
    assert.deepEqual([charged.rsp.paid_amount, charged.pay.amount, charged.pay.status, charged.pay.apply_num], [5000, 5000, 'paid', '30005678']);
    assert.ok(charged.pay.pg_tid);
    assert.equal((await gw.call('GET', '/subscribe/customers/cust_jt1')).body.code, 0);
  });

  it('jtnet: a declined initial charge fails the issuance and keeps no key', async () => {
    const r = await issue({ pg: 'jtnet', amount: 5000, customer_uid: 'cust_jt_declined' }, { result: 'billing', charge: 'decline' });
    assert.deepEqual([r.rsp.success, r.rsp.status, r.rsp.error_code, r.pay.status], [false, 'failed', '3011', 'failed']);
    assert.equal((await gw.call('GET', '/subscribe/customers/cust_jt_declined')).status, 404);
  });

  it('paymentwall: the amount is always charged; a later again must use the issuance buyer_email', async () => {
    const r = await issue({ pg: 'paymentwall', amount: 20, currency: 'USD', customer_uid: 'cust_pw', buyer_email: 'test@portone.io', buyer_name: 'Jack Son' });
    assert.deepEqual(r.request.billing, { customerUid: 'cust_pw', charge: true });
    assert.deepEqual([r.rsp.paid_amount, r.pay.amount, r.pay.currency, r.pay.status], [20, 20, 'USD', 'paid']);
    const wrong = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'cust_pw', merchant_uid: 'pw_again_1', amount: 10, currency: 'USD', buyer_email: 'other@example.com', browser_ip: '1.2.3.4' } });
    assert.notEqual(wrong.body.code, 0);
    assert.match(wrong.body.message, /buyer_email/);
    const ok = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'cust_pw', merchant_uid: 'pw_again_2', amount: 10, currency: 'USD', buyer_email: 'test@portone.io', browser_ip: '1.2.3.4' } });
    assert.equal(ok.body.code, 0, JSON.stringify(ok.body));
  });
});
