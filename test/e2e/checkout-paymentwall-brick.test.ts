/**
 * Paymentwall's Brick.js in Chromium: a billing window on a **test** channel whose Paymentwall host
 * (OPENIMP_PAYMENTWALL_URL) is the fake Paymentwall. openimp's checkout page loads Brick.js from that
 * host under its CSP, Brick.js tokenizes the typed card at that host, the token goes to the page's
 * action, the card is stored (the billing key) and `again` charges it. A declined card reaches the
 * callback as a failure. Screenshot: docs/checkout/paymentwall-brick-window.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { addChannel } from '../../src/app/merchant-admin.ts';
import { noCredentials } from '../../src/core/channel.ts';
import { screenshot } from '../support/shots.ts';
import { requestPay, SHOTS, startHarness, uid, windowMissing, type Harness } from './support/checkout-harness.ts';

const PROJECT = 'pw_brick_e2e';
const KEYS = { secret: 'pw-e2e-secret', publicKey: 't_pub_brick_e2e_own', apiKey: 't_priv_brick_e2e_own' };

/** The Brick form inside the SDK's overlay, once Brick.js rendered it (or the rsp of a request refused first). */
async function brickForm(page: Page, result: Promise<Record<string, any>>): Promise<Frame> {
  const opened = (async () => {
    const frame = await (await page.waitForSelector('iframe[name^="openimp_"]', { timeout: 10_000 })).contentFrame();
    if (!frame) throw new Error('the overlay iframe went away');
    await frame.waitForSelector('[data-brick="form"]', { timeout: 10_000 });
    return frame;
  })();
  return Promise.race([opened, result.then((rsp): never => { throw new Error(`request_pay answered before the Brick form: ${JSON.stringify(rsp)}`); })]);
}

async function typeCard(form: Frame, number: string): Promise<void> {
  await form.locator('input[name="email"]').fill('test@portone.io');
  await form.locator('input[name="card-number"]').fill(number);
  await form.locator('input[name="card-expiration-month"]').fill('12');
  await form.locator('input[name="card-expiration-year"]').fill('2030');
  await form.locator('input[name="card-cvv"]').fill('123');
  await form.locator('input[name="card-holder"]').fill('Jack Son');
  await form.locator('[data-brick="pay"]').click();
}

describe('Paymentwall Brick.js billing window on a test channel, in Chromium', { skip: windowMissing('paymentwall') }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('pglite', { fakeHosts: ['paymentwall'] });
    await h.gw.ctx.pg.sandbox!.registerMerchant('paymentwall', PROJECT, { ...noCredentials(), ...KEYS });
    await addChannel(h.gw.ctx, h.gw.demo.merchant.id, { provider: 'paymentwall', pgId: PROJECT, purpose: 'billing', mode: 'test', credentials: KEYS });
  });
  after(async () => { await h?.close(); });
  const params = (customerUid: string) => ({
    pg: `paymentwall.${PROJECT}`, pay_method: 'card', merchant_uid: uid('pw_brick'), name: '최초인증결제', amount: 20, currency: 'USD',
    customer_uid: customerUid, buyer_email: 'test@portone.io', buyer_name: 'Jack Son', buyer_tel: '02-1234-1234',
  });

  it('loads Brick.js from the PG host, tokenizes there, stores the card; again charges the key', async () => {
    const { page } = await h.shop();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text()); });
    const customerUid = uid('pw_brick_cust');
    const result = requestPay(page, params(customerUid));
    const form = await brickForm(page, result);
    await screenshot(page, join(SHOTS, 'paymentwall-brick-window.png'));
    await typeCard(form, '9366000000000009');
    const rsp = await result;
    assert.equal(rsp.success, true, JSON.stringify(rsp));
    assert.deepEqual([rsp.paid_amount, rsp.customer_uid, rsp.pg_provider, rsp.status], [20, customerUid, 'paymentwall', 'paid']);
    assert.deepEqual(blocked, [], 'the page\'s CSP lets Brick.js load and reach its host, and nothing else was tried');
    const pay = (await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response;
    assert.deepEqual([pay.status, pay.sandbox, pay.customer_uid_usage], ['paid', false, 'issue']);
    const again = await h.gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: customerUid, merchant_uid: uid('pw_brick_again'), amount: 10, currency: 'USD', buyer_email: 'test@portone.io', browser_ip: '203.0.113.7' } });
    assert.equal(again.body.code, 0, JSON.stringify(again.body));
    assert.deepEqual([again.body.response.status, again.body.response.pg_provider], ['paid', 'paymentwall']);
  });

  it('a declined card: the callback gets the failure with Paymentwall\'s message, and no key is stored', async () => {
    const { page } = await h.shop();
    const customerUid = uid('pw_brick_decl');
    const result = requestPay(page, params(customerUid));
    await typeCard(await brickForm(page, result), '9361000000000517');
    const rsp = await result;
    assert.deepEqual([rsp.success, rsp.status], [false, 'failed'], JSON.stringify(rsp));
    assert.match(String(rsp.error_msg), /available balance/);
    assert.equal((await h.gw.call('GET', `/subscribe/customers/${customerUid}`)).status, 404);
  });
});
