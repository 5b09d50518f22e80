/**
 * The merchant console in real Chromium (Debian's /usr/bin/chromium through playwright-core):
 * sign-in, channel setup, refund, key creation, keyboard access, the language switch; and a
 * screenshot of every page into docs/console/. The browser asks for English: the test machine has
 * no Korean font, so Korean screenshots would show empty boxes (the Korean UI is checked by text).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { claimWebhooks, recordWebhookAttempts } from '../../src/app/webhooks.ts';
import { card } from '../support/cards.ts';
import type { TestGateway } from '../support/gateway.ts';
import { CONSOLE_EMAIL, CONSOLE_PASSWORD, startConsoleGateway } from './support.ts';
import { screenshot, shotsDir } from '../support/shots.ts';

const SHOTS = shotsDir('console');

describe('merchant console in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let base: string;
  let refundImp: string;

  const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`), { fullPage: true });
  const heading = async () => (await page.locator('main h1').first().textContent())?.trim();

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    gw = await startConsoleGateway('pglite');
    await gw.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
    // Some traffic so that every page has something to show.
    for (let i = 0; i < 6; i++) {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: `order_${i}`, amount: 1000 * (i + 1), name: `Order <${i}>`, buyer_name: '홍길동', buyer_email: 'buyer@example.com', ...card('approveShinhan') } });
      assert.equal(r.body.code, 0, JSON.stringify(r.body));
      if (i === 2) refundImp = r.body.response.imp_uid;
    }
    await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'order_declined', amount: 5000, name: 'Declined order', ...card('insufficientFunds') } });
    await gw.call('POST', '/subscribe/customers/cust_0001', { json: { ...card('approveHyundai'), customer_name: '김고객', customer_email: 'cust@example.com' } });
    await gw.call('POST', '/subscribe/payments/schedule', { json: { customer_uid: 'cust_0001', schedules: [{ merchant_uid: 'sched_0001', schedule_at: gw.ctx.now() + 86400, amount: 9900, name: '월 구독' }] } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
  });

  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('signs in with the demo console user and lands on the dashboard', async () => {
    await page.goto(`${base}/console`);
    assert.match(page.url(), /\/console\/login$/);
    await shot('01-login');
    await page.getByLabel('E-mail').fill(CONSOLE_EMAIL);
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('[role=alert]').textContent() ?? '', /not correct/);
    await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/dashboard$/);
    assert.equal(await heading(), 'Dashboard');
    assert.ok(await page.locator('svg[role=img]').count() >= 3, 'charts are drawn');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'openimp_console')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    await shot('02-dashboard');
  });

  it('is usable from the keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  it('sets up a PAYCO channel and shows the exact pg string to pass to IMP.request_pay', async () => {
    await page.getByRole('link', { name: 'PG settings' }).click();
    await page.getByRole('link', { name: 'Add PAYCO channel' }).click();
    assert.equal(await page.locator('input[value=api]').count(), 0, 'PAYCO has no API key-in purpose');
    await page.getByLabel('Auto-payment seller code', { exact: false }).fill('SHOP_PAYCO_1');
    await page.getByLabel('Subscriptions (billing key window)').check();
    await page.getByLabel('Name').fill('PAYCO 정기결제 (콘솔)');
    await shot('04-channel-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/console\/channels\?ok=channel_saved$/);
    assert.match(await page.locator('[role=status]').textContent() ?? '', /Channel saved/);
    const row = page.locator('tr', { hasText: 'PAYCO 정기결제 (콘솔)' });
    assert.equal(await row.locator('code.pg').textContent(), 'payco.SHOP_PAYCO_1');
    await row.getByRole('button', { name: 'Disable', exact: true }).click();
    assert.match(await page.locator('tr', { hasText: 'PAYCO 정기결제 (콘솔)' }).textContent() ?? '', /Disabled/);
    await page.getByRole('link', { name: 'Add Paymentwall channel' }).click();
    await page.getByLabel('Project key').fill('pw_project_2');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal(await page.locator('#secret:invalid').count(), 1, 'Paymentwall needs its secret key');
    assert.match(page.url(), /provider=paymentwall$/);
    // Past the browser's check (the attribute removed), the server refuses it too and keeps nothing.
    await page.locator('#secret').evaluate((e) => e.removeAttribute('required'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[role=alert]').waitFor();
    assert.match(page.url(), /provider=paymentwall$/);
    assert.equal(await page.locator('tr', { hasText: 'pw_project_2' }).count(), 0);
    assert.equal((await gw.ctx.db.query("select 1 from channels where pg_id = 'pw_project_2'")).length, 0, 'no channel was stored');
    await page.goto(`${base}/console/channels`);
    await shot('03-channels');
  });

  it('refunds part of a payment with a reason, then refuses more than the balance', async () => {
    await page.getByRole('link', { name: 'Payments' }).click();
    await shot('05-payments');
    await page.getByLabel('Order id (merchant_uid)').fill('order_2');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: refundImp }).click();
    await page.getByLabel('Refund amount', { exact: false }).fill('1000');
    await page.getByLabel('Reason').fill('부분 환불 테스트');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.waitForURL(/ok=refunded$/);
    assert.match(await page.locator('section', { hasText: 'Cancel history' }).textContent() ?? '', /부분 환불 테스트/);
    const api = await gw.call('GET', `/payments/${refundImp}`);
    assert.equal(api.body.response.cancel_amount, 1000);
    assert.equal(api.body.response.status, 'paid');
    await page.getByLabel('Refund amount', { exact: false }).fill('999999');
    await page.getByLabel('Reason').fill('too much');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    assert.match(await page.locator('[role=alert]').textContent() ?? '', /larger than the refundable balance/);
    assert.equal((await gw.call('GET', `/payments/${refundImp}`)).body.response.cancel_amount, 1000, 'a refused refund changes nothing');
    await page.goto(`${base}/console/payments/${refundImp}`);
    await shot('06-payment-detail');
  });

  it('creates an API key pair whose secret is shown once and works with getToken, then revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Label').fill('console key');
    await page.getByRole('button', { name: 'Create a key pair' }).click();
    const impKey = (await page.locator('#new-imp-key').textContent())!;
    const impSecret = (await page.locator('#new-imp-secret').textContent())!;
    assert.match(impSecret, /^[0-9a-f]{80}$/);
    await shot('07-keys');
    const token = await gw.call('POST', '/users/getToken', { json: { imp_key: impKey, imp_secret: impSecret }, token: null });
    assert.equal(token.status, 200);
    await page.goto(`${base}/console/keys`);
    assert.equal(await page.locator('#new-imp-secret').count(), 0, 'the secret is not shown again');
    await page.locator('tr', { hasText: impKey }).getByRole('button', { name: /Revoke/ }).click();
    await page.waitForURL(/ok=key_revoked$/);
    const again = await gw.call('POST', '/users/getToken', { json: { imp_key: impKey, imp_secret: impSecret }, token: null });
    assert.equal(again.status, 401);
  });

  it('shows webhooks, billing keys, schedules and sandbox tools', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Notification URL').fill(`${base}/no-such-receiver`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/ok=webhook_saved$/);
    await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'order_hooked', amount: 3000, name: 'Webhook order', ...card('approveBc') } });
    // One attempt through the use cases the outbox loop runs, so the log shows response and timing.
    for (const w of await claimWebhooks(gw.ctx, 'console-test', 10)) {
      await recordWebhookAttempts(gw.ctx, 'console-test', [{ delivery: w.delivery, result: { httpStatus: 404, error: null, responseExcerpt: '{"code":-1,"message":"not found"}', durationMs: 12 } }]);
    }
    await page.goto(`${base}/console/webhooks`);
    assert.ok(await page.locator('article').count() >= 1, 'a delivery is listed');
    assert.match(await page.locator('article').first().textContent() ?? '', /HTTP 404[\s\S]*12 ms/);
    await page.locator('article').first().getByRole('button', { name: /Redeliver/ }).click();
    await page.waitForURL(/ok=redelivered$/);
    await shot('08-webhooks');
    await page.getByRole('link', { name: 'Billing keys' }).click();
    await page.getByRole('link', { name: 'cust_0001' }).click();
    assert.doesNotMatch(await page.content(), /9367000000000008/, 'only the masked card is shown');
    await shot('09-billing-key');
    await page.getByRole('link', { name: 'Schedules' }).click();
    assert.ok(await page.locator('tr', { hasText: 'sched_0001' }).count() === 1);
    await shot('10-schedules');
    await page.getByRole('link', { name: 'Sandbox' }).click();
    await shot('11-sandbox');
  });

  it('switches to Korean (catalog, lang attribute) and back, then signs out', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: '한국어' }).click();
    assert.equal(await heading(), '대시보드');
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link').count(), 8);
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await heading(), 'Dashboard');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login\?ok=signed_out$/);
    await page.goto(`${base}/console/payments`);
    assert.match(page.url(), /\/console\/login\?next=/);
  });
});
