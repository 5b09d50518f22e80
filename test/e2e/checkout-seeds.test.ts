/**
 * Every IMP.request_pay sample of the seed files runs as written (placeholders filled) in Chromium,
 * through the real SDK, gateway and sandbox PG windows. The two fragments (KICC escrow extras,
 * Paymentwall test-method extras) fail clearly on their own and succeed merged into their PG's sample.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Provider } from '../../src/core/payment.ts';
import { testDrivers } from '../support/db.ts';
import { choose, leaveVbankPage, overlayWindow, PAGES_AT_ONCE, requestPay, startHarness, uid, windowMissing, type Harness } from './support/checkout-harness.ts';
import { fillPlaceholders, seedSamples, type SeedName } from './support/seed-samples.ts';

const providerOf = (name: SeedName): Provider => name.split('_')[1] as Provider;

// On PostgreSQL when one is configured (test/support/db.ts): the browser flows then meet both drivers
// (the per-PG suites run on PGlite) without doubling the browser time.
const driver = testDrivers().at(-1)!;

describe(`seed samples in Chromium (${driver})`, { concurrency: PAGES_AT_ONCE }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(driver); });
  after(async () => { await h?.close(); });

  // A fresh suffix per sample: the seeds share their fixed example ids (see fillPlaceholders).
  const fill = (text: string) => fillPlaceholders(text, {
    orderId: uid('seed_order'), customerUid: uid('seed_cust'), redirectUrl: `${h.shopUrl}/complete`, projectKey: 'pw_demo_project', uniqueSuffix: uid('s'),
  });

  async function pay(source: string, opts: { method?: string; vbank?: boolean } = {}) {
    const { page } = await h.shop();
    const result = requestPay(page, source);
    const win = await overlayWindow(page, result);
    await choose(win, 'approve', { method: opts.method });
    if (opts.vbank) await leaveVbankPage(win);
    return result;
  }

  const complete: SeedName[] = [
    'seed000_payco_general', 'seed000_payco_billing', 'seed001_payco_general_ko', 'seed001_payco_billing_ko', 'seed002_kicc_general',
    'seed002_kicc_billing', 'seed003_jtnet_general', 'seed003_jtnet_billing', 'seed004_paymentwall_general', 'seed004_paymentwall_billing',
  ];
  for (const name of complete) {
    it(`${name} runs as written`, { skip: windowMissing(providerOf(name)) }, async () => {
      const rsp = await pay(fill(seedSamples[name]));
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      assert.equal(rsp.pg_provider, providerOf(name));
      const pay_ = (await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response;
      assert.equal(pay_.status, 'paid');
      if (name.includes('billing')) {
        assert.equal(pay_.customer_uid_usage, 'issue');
        // PAYCO/KICC show the amount only; JTNet's samples ask 0; Paymentwall charges it (reference §6.5).
        assert.equal(pay_.amount, providerOf(name) === 'paymentwall' ? 20 : 0);
        assert.equal((await h.gw.call('GET', `/subscribe/customers/${pay_.customer_uid}`)).body.code, 0);
      }
    });
  }

  it('the KICC escrow fragment alone fails clearly (no window); merged into the KICC sample as a transfer it pays', { skip: windowMissing('kicc') }, async () => {
    const { page } = await h.shop();
    const alone = await requestPay(page, fill(seedSamples.seed002_kicc_escrow));
    assert.deepEqual([alone.success, alone.imp_success, alone.imp_uid, alone.error_code], [false, false, null, 'F1001']);
    const merged = `Object.assign(${fill(seedSamples.seed002_kicc_general)}, ${seedSamples.seed002_kicc_escrow}, { pay_method: 'trans' })`;
    const rsp = await pay(merged, { method: 'trans' });
    assert.equal(rsp.success, true, JSON.stringify(rsp));
    assert.equal((await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response.escrow, true);
  });

  it('the Paymentwall test-method fragment alone fails clearly; merged into the Paymentwall sample it pays', { skip: windowMissing('paymentwall') }, async () => {
    const { page } = await h.shop();
    const alone = await requestPay(page, seedSamples.seed004_paymentwall_test_method);
    assert.deepEqual([alone.success, alone.imp_uid, alone.error_code], [false, null, 'F1001']);
    const rsp = await pay(`Object.assign(${fill(seedSamples.seed004_paymentwall_general)}, ${seedSamples.seed004_paymentwall_test_method})`);
    assert.equal(rsp.success, true, JSON.stringify(rsp));
  });

  it('PAYCO: the sample without buyer_tel is refused before the window (the PG rule, reference §6.1)', { skip: windowMissing('payco') }, async () => {
    const { page } = await h.shop();
    const rsp = await requestPay(page, `Object.assign(${fill(seedSamples.seed000_payco_general)}, { buyer_tel: undefined })`);
    assert.deepEqual([rsp.success, rsp.imp_uid, rsp.error_code], [false, null, 'F1001']);
    assert.match(rsp.error_msg, /buyer_tel/);
  });

  it('a sample run twice with one merchant_uid: the second is refused before the window (F1002)', { skip: windowMissing('jtnet') }, async () => {
    const source = fill(seedSamples.seed003_jtnet_general);
    assert.equal((await pay(source)).success, true);
    const { page } = await h.shop();
    const again = await requestPay(page, source);
    assert.deepEqual([again.success, again.imp_uid, again.error_code, again.error_msg], [false, null, 'F1002', '이미 결제가 이루어진 거래건입니다.']);
  });

  it('the JTNet sample with ?imp_device=mobile follows its m_redirect_url', { skip: windowMissing('jtnet') }, async () => {
    const { page } = await h.shop({ query: '?imp_device=mobile' });
    void requestPay(page, fill(seedSamples.seed003_jtnet_general)).catch(() => undefined);
    await page.waitForSelector('input[name="choice"]');
    await choose(page, 'approve');
    await page.waitForURL(/\/complete\?/);
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get('imp_success'), 'true');
    assert.match(q.get('imp_uid') ?? '', /^imp_\d{12}$/);
  });
});
