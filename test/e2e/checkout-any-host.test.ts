/**
 * The PC callback when the page reached the gateway at an address that is not OPENIMP_PUBLIC_URL
 * (here 127.0.0.1 while the public URL says localhost, as a demo opened by IP or a proxy without the
 * public URL set): the window finishes at the address the SDK opened it at, and the SDK takes messages
 * only from that window and that origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, overlayWindow, requestPay, startHarness, uid, windowMissing, type Harness } from './support/checkout-harness.ts';

const order = () => ({ pg: 'jtnet', pay_method: 'card', merchant_uid: uid('host'), name: '호스트 테스트', amount: 1000, buyer_name: 'John Doe', buyer_tel: '010-1234-5678', buyer_email: 'a@b.co' });

/** A forged result for the pending request_pay (its id is in the overlay frame's name), sent from `from`. */
async function forge(page: Page, from: 'page' | 'gateway-frame' | 'pg-window'): Promise<void> {
  const name = await page.locator('iframe[name^="openimp_"]').getAttribute('name');
  const message = { source: 'openimp', type: 'result', request_id: name!.slice('openimp_'.length), rsp: { success: true, imp_success: true, forged: from } };
  if (from === 'page') return page.evaluate((m) => window.postMessage(m, '*'), message);
  if (from === 'pg-window') {
    // The PG window inside the very frame the SDK opened, on the fake PG's origin.
    const win = page.frames().find((f) => f.name() === name)!;
    return win.evaluate((m) => window.parent.postMessage(m, '*'), message);
  }
  // Another frame of the gateway's own origin (the one the SDK trusts), not the window it opened.
  const src = new URL('/demo', page.url().includes('/demo') ? page.url() : (await page.evaluate(() => (document.querySelector('script[src]') as HTMLScriptElement).src))).href;
  await page.evaluate((u) => new Promise<void>((r) => { const f = document.createElement('iframe'); f.name = 'intruder'; f.src = u; f.onload = () => r(); document.body.appendChild(f); }), src);
  const intruder = page.frames().find((f) => f.name() === 'intruder')!;
  await intruder.evaluate((m) => window.parent.postMessage(m, '*'), message);
}

describe('PC callback on a host other than the public URL', { skip: windowMissing('jtnet') }, () => {
  let h: Harness;
  before(async () => { h = await startHarness('pglite', { publicHost: 'localhost' }); });
  after(async () => { await h?.close(); });

  it('the demo shop opened at 127.0.0.1 pays and receives rsp while the public URL says localhost', async () => {
    const { page } = await h.shop();
    await page.goto(`${h.gatewayUrl}/demo`);
    await page.locator('#device').selectOption('pc');
    await page.locator('#pay').click();
    const win = await overlayWindow(page);
    // The PG window is the fake PG's, on its own origin: not the one the page reached the gateway at.
    assert.ok(win.url().startsWith(`${h.gw.sandboxUrl}/jtnet/`), win.url());
    assert.notEqual(new URL(win.url()).origin, new URL(h.gatewayUrl).origin);
    await choose(win, 'approve');
    await page.waitForFunction(() => (document.getElementById('payment')?.textContent ?? '').includes('"status": "paid"'), undefined, { timeout: 10_000 });
    assert.match(await page.locator('#rsp').textContent() ?? '', /"success": true/);
  });

  it('a merchant page gets rsp from a popup opened at 127.0.0.1', async () => {
    const { page, context } = await h.shop();
    const popupOpened = context.waitForEvent('page');
    const result = requestPay(page, { ...order(), popup: true });
    const popup = await popupOpened;
    await popup.waitForSelector('input[name="choice"]');
    await choose(popup, 'approve');
    const rsp = await result;
    assert.deepEqual([rsp.success, rsp.status], [true, 'paid'], JSON.stringify(rsp));
  });

  it('messages from the page itself, another gateway frame or the wrong origin are ignored; the real result still arrives', async () => {
    const { page } = await h.shop();
    let answered: Record<string, any> | null = null;
    const result = requestPay(page, order()).then((rsp) => (answered = rsp));
    const win = await overlayWindow(page, result);
    for (const from of ['page', 'gateway-frame', 'pg-window'] as const) await forge(page, from);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, null, `a forged message was taken: ${JSON.stringify(answered)}`);
    await choose(win, 'approve');
    const rsp = await result;
    assert.equal(rsp.forged, undefined);
    assert.deepEqual([rsp.success, rsp.status], [true, 'paid'], JSON.stringify(rsp));
    assert.equal((await h.gw.call('GET', `/payments/${rsp.imp_uid}`)).body.response.status, 'paid');
  });
});
