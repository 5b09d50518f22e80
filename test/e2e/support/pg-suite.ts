/**
 * The browser checkout suite every PG runs in real Chromium: a general payment (PC overlay), a
 * billing-key issuance, a decline with the PG's message, a user cancel, and the mobile redirect to
 * m_redirect_url. Screenshots of the PG window go to docs/checkout/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Provider } from '../../../src/core/payment.ts';
import { screenshot } from '../../support/shots.ts';
import { choose, horizontalOverflow, overlayWindow, PAGES_AT_ONCE, requestPay, SHOTS, startHarness, uid, windowMissing, type Harness } from './checkout-harness.ts';

export type PgCase = {
  provider: Provider;
  /** request_pay parameters of a general payment (merchant_uid is added). */
  general: Record<string, unknown>;
  /** request_pay parameters of a billing-key window (merchant_uid and customer_uid are added). */
  billing: Record<string, unknown>;
  /** What the billing window's amount becomes (reference §6.5): the paid amount of the issuance record. */
  billingPaidAmount: number;
  /** A charge afterwards with the stored key (`again`), as the PG requires it. */
  again: Record<string, unknown>;
};

export function pgSuite(c: PgCase): void {
  const skip = windowMissing(c.provider);
  describe(`${c.provider} checkout in Chromium`, { skip, concurrency: PAGES_AT_ONCE }, () => {
    let h: Harness;
    before(async () => { h = await startHarness(); });
    after(async () => { await h?.close(); });
    const rest = async (path: string) => (await h.gw.call('GET', path)).body;

    it('general payment: overlay window, approve, callback rsp, payment paid', async () => {
      const { page } = await h.shop();
      const merchantUid = uid(`${c.provider}_order`);
      const result = requestPay(page, { ...c.general, merchant_uid: merchantUid });
      const win = await overlayWindow(page, result);
      await screenshot(page, join(SHOTS, `${c.provider}-pc-window.png`));
      await choose(win, 'approve');
      const rsp = await result;
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      assert.equal(rsp.imp_success, true);
      assert.deepEqual([rsp.status, rsp.merchant_uid, rsp.pg_provider, rsp.paid_amount], ['paid', merchantUid, c.provider, c.general.amount]);
      assert.match(rsp.imp_uid, /^imp_\d{12}$/);
      assert.equal(await page.locator('[data-openimp="overlay"]').count(), 0, 'the overlay is gone');
      const pay = (await rest(`/payments/${rsp.imp_uid}`)).response;
      assert.deepEqual([pay.status, pay.channel, pay.amount, pay.pg_tid], ['paid', 'pc', c.general.amount, rsp.pg_tid]);
    });

    it('billing-key window: the key is stored and charges with again; the amount follows the PG rule', async () => {
      const { page } = await h.shop();
      const customerUid = uid(`${c.provider}_cust`);
      const result = requestPay(page, { ...c.billing, merchant_uid: uid(`${c.provider}_issue`), customer_uid: customerUid });
      const win = await overlayWindow(page, result);
      await screenshot(page, join(SHOTS, `${c.provider}-billing-window.png`));
      await choose(win, 'approve');
      const rsp = await result;
      assert.equal(rsp.success, true, JSON.stringify(rsp));
      assert.equal(rsp.paid_amount, c.billingPaidAmount);
      const pay = (await rest(`/payments/${rsp.imp_uid}`)).response;
      assert.deepEqual([pay.status, pay.amount, pay.customer_uid, pay.customer_uid_usage], ['paid', c.billingPaidAmount, customerUid, 'issue']);
      const key = await rest(`/subscribe/customers/${customerUid}`);
      assert.equal(key.code, 0, JSON.stringify(key));
      assert.equal(key.response.pg_provider, c.provider);
      const again = await h.gw.call('POST', '/subscribe/payments/again', { json: { ...c.again, customer_uid: customerUid, merchant_uid: uid(`${c.provider}_again`) } });
      assert.equal(again.body.code, 0, JSON.stringify(again.body));
      assert.equal(again.body.response.status, 'paid');
    });

    it('decline: the PG message reaches the callback; the payment is failed', async () => {
      const { page } = await h.shop();
      const result = requestPay(page, { ...c.general, merchant_uid: uid(`${c.provider}_decl`) });
      await choose(await overlayWindow(page, result), 'decline', { declineMessage: '한도초과 테스트' });
      const rsp = await result;
      assert.deepEqual([rsp.success, rsp.imp_success, rsp.status], [false, false, 'failed'], JSON.stringify(rsp));
      assert.match(rsp.error_msg, /한도초과 테스트/);
      assert.ok(rsp.error_code);
      assert.equal((await rest(`/payments/${rsp.imp_uid}`)).response.status, 'failed');
    });

    it('user cancel: F0005 through the callback', async () => {
      const { page } = await h.shop();
      const result = requestPay(page, { ...c.general, merchant_uid: uid(`${c.provider}_cncl`) });
      await choose(await overlayWindow(page, result), 'cancel');
      const rsp = await result;
      assert.deepEqual([rsp.success, rsp.error_code, rsp.status], [false, 'F0005', 'failed'], JSON.stringify(rsp));
    });

    it('mobile: the page goes to the PG window and comes back by 302 to m_redirect_url', async () => {
      const { page } = await h.shop({ mobile: true });
      const merchantUid = uid(`${c.provider}_mobile`);
      void requestPay(page, { ...c.general, merchant_uid: merchantUid, m_redirect_url: `${h.shopUrl}/complete?shop=1` }).catch(() => undefined);
      await page.waitForSelector('input[name="choice"]', { timeout: 10_000 });
      await screenshot(page, join(SHOTS, `${c.provider}-mobile-window.png`), { fullPage: true });
      assert.equal(await horizontalOverflow(page), 0, 'the window fits a 390 px screen');
      await choose(page, 'approve'); // a real click on 진행: nothing may cover it
      await page.waitForURL(/\/complete\?/, { timeout: 15_000 });
      const q = new URL(page.url()).searchParams;
      assert.equal(q.get('shop'), '1');
      assert.equal(q.get('merchant_uid'), merchantUid);
      assert.equal(q.get('imp_success'), 'true');
      assert.equal(q.get('success'), 'true');
      const pay = (await rest(`/payments/${q.get('imp_uid')}`)).response;
      assert.deepEqual([pay.status, pay.channel], ['paid', 'mobile']);
    });
  });
}
