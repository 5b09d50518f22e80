/**
 * Billing windows on a Paymentwall **test** channel (Brick), over HTTP, with Paymentwall's host
 * (OPENIMP_PAYMENTWALL_URL) pointed at the fake Paymentwall, where the project is onboarded with its
 * own keys. The start answers openimp's Brick.js page (the script from that host, the channel's public
 * key, a CSP naming that host); the card is tokenized at the fake's token API as Brick.js does it; the
 * token posted to the page's action is charged with `store_card` and the permanent token is the billing
 * key, which `again` charges with the issuance email only. Also: a declined card, a forged token, a
 * wrong action token, and a channel without Brick keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { noCredentials } from '../src/core/channel.ts';
import { baseParams, getPage, rspOf, startPay, type Step } from './checkout/checkout-driver.ts';
import { testDrivers } from './support/db.ts';
import { startGateway, type TestGateway } from './support/gateway.ts';

const KEYS = { secret: 'pw-brick-secret-SENTINEL', publicKey: 't_pub_brick_SENTINEL', apiKey: 't_priv_brick_SENTINEL' };
const PROJECT = 'pw_brick_project';
const CARD = { approve: '9366000000000009', insufficient: '9361000000000517' };
const billing = (over: Record<string, unknown> = {}) => baseParams({
  pg: `paymentwall.${PROJECT}`, currency: 'USD', amount: 20, name: '최초인증결제', buyer_name: 'Jack Son', buyer_email: 'test@portone.io', ...over,
});

/** What the Brick page tells Brick.js (pages/hosted-form.ts): the script, the config and the action. */
function brickPage(s: Step): { script: string; config: Record<string, any>; action: string; csp: string } {
  assert.equal(s.status, 200, s.body.slice(0, 400));
  const script = /<script nonce="[^"]+" src="([^"]+)"><\/script>/.exec(s.body)?.[1];
  const m = /var openimp=\{config:(\{.*?\}),action:("[^"]*")/s.exec(s.body);
  assert.ok(script && m, s.body.slice(0, 800));
  return { script: script.replace(/&amp;/g, '&'), config: JSON.parse(m[1]!), action: JSON.parse(m[2]!), csp: String(s.headers['content-security-policy'] ?? '') };
}

for (const driver of testDrivers()) {
  describe(`Paymentwall Brick billing window on a test channel (${driver})`, () => {
    let gw: TestGateway;
    let pwUrl: string;
    before(async () => {
      gw = await startGateway(driver, (sandboxUrl) => ({ pgOverrides: (p: string) => ({ url: p === 'paymentwall' ? `${sandboxUrl}/paymentwall` : null, notifyIps: null }) }));
      pwUrl = `${gw.sandboxUrl}/paymentwall`;
      // Onboarding at "Paymentwall": the fake knows the test project by its own keys.
      await gw.ctx.pg.sandbox!.registerMerchant('paymentwall', PROJECT, { ...noCredentials(), ...KEYS });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'paymentwall', pgId: PROJECT, purpose: 'billing', mode: 'test', credentials: KEYS });
      await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'paymentwall', pgId: 'pw_no_brick', purpose: 'general', mode: 'test', credentials: { secret: KEYS.secret } });
    });
    after(async () => { await gw?.close(); });

    /** Brick.js's tokenization, from the buyer's browser to the PG. */
    async function tokenize(number: string, publicKey = KEYS.publicKey): Promise<Record<string, any>> {
      const res = await fetch(`${pwUrl}/api/brick/token`, { method: 'POST', body: new URLSearchParams({ public_key: publicKey, 'card[number]': number, 'card[exp_month]': '12', 'card[exp_year]': '2030', 'card[cvv]': '123' }) });
      assert.equal(res.headers.get('access-control-allow-origin'), '*', 'the merchant page may read the answer');
      return res.json() as Promise<Record<string, any>>;
    }
    /** Brick.js's post to the page's action. */
    async function post(action: string, fields: Record<string, string>): Promise<{ status: number; body: any }> {
      const r = await gw.app.inject({ method: 'POST', url: action, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      return { status: r.statusCode, body: JSON.parse(r.body) };
    }
    const impOf = (action: string) => /\/checkout\/hosted\/(imp_\d{12})\?/.exec(action)![1]!;

    it('opens openimp\'s Brick.js page; the token is charged with store_card; the permanent token charges again with the issuance email', async () => {
      const customerUid = `pw_brick_${driver}`;
      const page = brickPage(await startPay(gw, billing({ customer_uid: customerUid })));
      assert.equal(page.script, `${pwUrl}/brick/build/brick-default.1.5.0.min.js`);
      assert.deepEqual([page.config.public_key, page.config.amount, page.config.currency], [KEYS.publicKey, '20.00', 'USD']);
      assert.match(page.csp, new RegExp(`script-src 'nonce-[^' ]+' ${new URL(pwUrl).origin.replace(/\./g, '\\.')};`), page.csp);
      assert.doesNotMatch(page.csp, /script-src[^;]*unsafe-inline/);
      const js = await fetch(page.script);
      assert.match(String(js.headers.get('content-type')), /javascript/);
      assert.match(await js.text(), /showPaymentForm/);

      const token = await tokenize(CARD.approve);
      assert.equal(token.type, 'token');
      assert.match(token.token, /^ot_[0-9a-f]{32}$/);
      // The email typed into Brick's form is not the issuance email: buyer_email is (SEED 004).
      const answer = await post(page.action, { brick_token: token.token, brick_fingerprint: 'slZbOOhPlyDQKkoyYBkKdJ7dpDslaCer', email: 'typed@elsewhere.example' });
      assert.deepEqual([answer.status, answer.body], [200, { success: 1 }]);

      const imp = impOf(page.action);
      const pay = (await gw.call('GET', `/payments/${imp}`)).body.response;
      assert.deepEqual([pay.status, pay.amount, pay.currency, pay.customer_uid, pay.customer_uid_usage, pay.sandbox], ['paid', 20, 'USD', customerUid, 'issue', false], JSON.stringify(pay));
      assert.match(pay.pg_tid, /^[0-9]+$/, 'a Brick charge id');
      const finish = rspOf(await getPage(gw, page.action.replace('/checkout/hosted/', '/checkout/finish/')));
      assert.deepEqual([finish.success, finish.customer_uid], [true, customerUid]);
      const key = (await gw.call('GET', `/subscribe/customers/${customerUid}`)).body.response;
      assert.deepEqual([key.pg_provider, key.pg_id, key.customer_email], ['paymentwall', PROJECT, 'test@portone.io']);

      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: customerUid, merchant_uid: `pw_again_${driver}`, amount: 10, currency: 'USD', buyer_email: 'test@portone.io', browser_ip: '203.0.113.7' } });
      assert.equal(again.body.code, 0, JSON.stringify(again.body));
      assert.deepEqual([again.body.response.status, again.body.response.amount, again.body.response.sandbox], ['paid', 10, false]);
      const otherEmail = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: customerUid, merchant_uid: `pw_again2_${driver}`, amount: 10, currency: 'USD', buyer_email: 'typed@elsewhere.example', browser_ip: '203.0.113.7' } });
      assert.notEqual(otherEmail.body.code, 0, 'another email does not charge the stored card');
      const replay = await post(page.action, { brick_token: token.token, brick_fingerprint: 'x' });
      assert.deepEqual(replay.body, { success: 1 }, 'a second post changes nothing and answers the result');
      assert.equal(gw.simulators.paymentwall.approvedCharges(imp), 1, 'charged once');
      for (const secret of [KEYS.apiKey, KEYS.secret, CARD.approve]) assert.ok(!gw.logLines.some((l) => l.includes(secret)), `${secret.slice(0, 6)}… never reaches the log`);
    });

    it('a declined card: the action answers Brick\'s error object, the payment is failed and no key is stored', async () => {
      const customerUid = `pw_brick_decl_${driver}`;
      const page = brickPage(await startPay(gw, billing({ customer_uid: customerUid })));
      const answer = await post(page.action, { brick_token: (await tokenize(CARD.insufficient)).token, brick_fingerprint: 'fp' });
      assert.equal(answer.body.success, 0);
      assert.equal(answer.body.error.code, '3011', JSON.stringify(answer.body));
      assert.match(answer.body.error.message, /available balance/);
      assert.equal((await gw.call('GET', `/payments/${impOf(page.action)}`)).body.response.status, 'failed');
      assert.equal((await gw.call('GET', `/subscribe/customers/${customerUid}`)).status, 404);
    });

    it('a forged token fails the attempt (3112); a wrong page token, or a token API call with another key, changes nothing', async () => {
      const page = brickPage(await startPay(gw, billing({ customer_uid: `pw_brick_bad_${driver}` })));
      const imp = impOf(page.action);
      const wrongPage = await post(page.action.replace(/token=[0-9a-f]+/, 'token=00'), { brick_token: 'ot_x', brick_fingerprint: 'fp' });
      assert.equal(wrongPage.status, 404);
      assert.equal((await gw.call('GET', `/payments/${imp}`)).body.response.status, 'ready');
      assert.equal((await tokenize(CARD.approve, 'not_a_brick_key')).code, 2111);
      assert.equal((await tokenize('1234')).code, 224);
      const forged = await post(page.action, { brick_token: 'ot_0123456789abcdef0123456789abcdef', brick_fingerprint: 'fp' });
      assert.deepEqual([forged.body.success, forged.body.error.code], [0, '3112'], JSON.stringify(forged.body));
      assert.equal((await gw.call('GET', `/payments/${imp}`)).body.response.status, 'failed');
    });

    it('a test channel without Brick keys opens no billing window (F1004, naming the keys)', async () => {
      const rsp = rspOf(await startPay(gw, billing({ pg: 'paymentwall.pw_no_brick', customer_uid: `pw_nokeys_${driver}` })));
      assert.equal(rsp.error_code, 'F1004', JSON.stringify(rsp));
      assert.match(String(rsp.error_msg), /Brick/);
    });
  });
}
