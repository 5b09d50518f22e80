/**
 * The IMP SDK surface in Chromium (reference §5): both script paths, unsupported calls fail clearly,
 * pre-window validation reaches the callback, the overlay close button, popup mode, user-agent device
 * detection and its override, a virtual account paid by a sandbox deposit, and the demo shop.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { screenshot } from '../support/shots.ts';
import { choose, leaveVbankPage, overlayWindow, PAGES_AT_ONCE, requestPay, SHOTS, startHarness, uid, windowMissing, type Harness } from './support/checkout-harness.ts';

const general = () => ({ pg: 'jtnet', pay_method: 'card', merchant_uid: uid('sdk'), name: 'SDK 테스트', amount: 1000, buyer_name: 'John Doe', buyer_tel: '010-1234-5678', buyer_email: 'a@b.co' });

describe('IMP SDK in Chromium', { skip: windowMissing('jtnet'), concurrency: PAGES_AT_ONCE }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  it('loads from /js/iamport.payment-1.2.0.js and /v1/iamport.js; small and dependency-free', async () => {
    for (const query of ['?sdk=legacy', '']) {
      const { page } = await h.shop({ query });
      assert.equal(await page.evaluate(() => typeof (window as any).IMP.request_pay), 'function');
      assert.equal(await page.evaluate(() => (window as any).IMP.version), '1.2.0');
    }
    const js = await (await fetch(`${h.gatewayUrl}/v1/iamport.js`)).text();
    assert.ok(Buffer.byteLength(js) < 12 * 1024, `bundle is ${Buffer.byteLength(js)} bytes`);
  });

  it('unsupported calls fail clearly; request_pay before init fails through the callback', async () => {
    const { page } = await h.shop();
    const r = await page.evaluate(() => new Promise<any[]>((resolve) => {
      const IMP = (window as any).IMP;
      const out: any[] = [];
      IMP.certification({ merchant_uid: 'c1' }, (rsp: any) => out.push(rsp));
      IMP.loadUI('paypal-spb', { merchant_uid: 'l1' }, (rsp: any) => out.push(rsp));
      try { IMP.updateLoadUIRequest('paypal-spb', {}); } catch (e) { out.push(String(e)); }
      IMP.init(null);
      IMP.request_pay({ merchant_uid: 'x', amount: 1 }, (rsp: any) => { out.push(rsp); resolve(out); });
    }));
    assert.deepEqual([r[0].success, r[0].error_code], [false, 'F1004']);
    assert.match(r[0].error_msg, /certification/);
    assert.deepEqual([r[1].success, r[1].error_code], [false, 'F1004']);
    assert.match(r[2], /updateLoadUIRequest/);
    assert.deepEqual([r[3].success, r[3].error_code, r[3].imp_uid], [false, 'F1000', null]);
  });

  it('a string amount is refused before any PG window, through the callback', async () => {
    const { page } = await h.shop();
    const rsp = await requestPay(page, { ...general(), amount: '1000' });
    assert.deepEqual([rsp.success, rsp.imp_success, rsp.imp_uid, rsp.error_code], [false, false, null, 'F1001']);
    assert.match(rsp.request_id, /^req_/);
    assert.equal(await page.locator('[data-openimp="overlay"]').count(), 0);
  });

  it('closing the overlay reports F0005 with the imp_uid; the attempt stays ready', async () => {
    const { page } = await h.shop();
    const result = requestPay(page, general());
    await overlayWindow(page, result);
    await page.getByRole('button', { name: '결제창 닫기' }).click();
    const rsp = await result;
    assert.deepEqual([rsp.success, rsp.error_code], [false, 'F0005']);
    assert.match(rsp.imp_uid, /^imp_/);
    assert.equal((await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response.status, 'ready');
  });

  it('popup: true opens the PG window in a popup and the callback still gets rsp', async () => {
    const { page, context } = await h.shop();
    const popupOpened = context.waitForEvent('page');
    const result = requestPay(page, { ...general(), popup: true });
    const popup = await popupOpened;
    await popup.waitForSelector('input[name="choice"]');
    await choose(popup, 'approve');
    const rsp = await result;
    assert.equal(rsp.success, true, JSON.stringify(rsp));
  });

  it('a mobile user agent takes the redirect flow; IMP.setDevice("pc") forces the overlay', async () => {
    const { page } = await h.shop({ mobile: true });
    const forced = await page.evaluate(() => { (window as any).IMP.setDevice('pc'); return true; });
    assert.ok(forced);
    const result = requestPay(page, { ...general(), m_redirect_url: `${h.shopUrl}/complete` });
    await choose(await overlayWindow(page, result), 'decline', { declineMessage: '모바일 PC 강제' });
    assert.match((await result).error_msg, /모바일 PC 강제/);
  });

  it('vbank: issued -> success with status ready; the sandbox deposit makes the payment paid', async () => {
    const { page } = await h.shop();
    const result = requestPay(page, { ...general(), pay_method: 'vbank' });
    const win = await overlayWindow(page, result);
    await choose(win, 'approve');
    await screenshot(page, join(SHOTS, 'jtnet-vbank-issued.png'));
    await leaveVbankPage(win);
    const rsp = await result;
    assert.deepEqual([rsp.success, rsp.status, rsp.pay_method], [true, 'ready', 'vbank'], JSON.stringify(rsp));
    assert.ok(rsp.vbank_num && rsp.vbank_name && rsp.vbank_date > 0);
    const dep = await fetch(`${h.gw.sandboxUrl}/jtnet/vbank/deposit`, { method: 'POST', body: new URLSearchParams({ tid: rsp.pg_tid }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(dep.status < 400, `deposit: ${dep.status}`);
    for (let i = 0; i < 20 && (await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response.status !== 'paid'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response.status, 'paid');
  });

  it('the demo shop pays and shows rsp next to the REST payment', async () => {
    const { page } = await h.shop();
    await page.goto(`${h.gatewayUrl}/demo`);
    await page.locator('#device').selectOption('pc');
    await page.locator('#pay').click();
    await choose(await overlayWindow(page), 'approve');
    await page.waitForFunction(() => (document.getElementById('payment')?.textContent ?? '').includes('"status": "paid"'), undefined, { timeout: 10_000 });
    assert.match(await page.locator('#rsp').textContent() ?? '', /"success": true/);
    await screenshot(page, join(SHOTS, 'demo-shop.png'), { fullPage: true });
  });
});
