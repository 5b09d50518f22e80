/**
 * SSRF (issue #13.4, docs/security.md): with OPENIMP_ALLOW_PRIVATE_URLS off, merchant-supplied URLs
 * (notice_url, the console's webhook URL, confirm_url) may not reach a loopback target: refused when
 * accepted, and refused again at connect time for a URL that got past acceptance (DNS rebinding).
 * With it on, a real receiver on loopback works and only a short, sanitised excerpt is kept.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { outboundFetch } from '../src/outbound-fetch.ts';
import { startOutbox, type Outbox } from '../src/outbox/outbox.ts';
import { updateMerchantWebhook } from '../src/storage/merchants.ts';
import { baseParams, impUidOf, rspOf, startPay } from './checkout/checkout-driver.ts';
import { installFakePg } from './checkout/fake-window.ts';
import { ConsoleClient } from './console/support.ts';
import { card } from './support/cards.ts';
import { testDrivers } from './support/db.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';
import { manualRecurring } from './support/recurring.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';

const count = async (gw: TestGateway, table: string) => (await gw.ctx.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

for (const driver of testDrivers()) {
  describe(`SSRF: merchant URLs may not reach loopback unless allowed [${driver}]`, () => {
    let gw: TestGateway;
    let rx: Receiver;
    let outbox: Outbox;
    let seq = 0;
    before(async () => {
      gw = await startGateway(driver, { ...manualRecurring(), allowPrivateUrls: false, demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret, consolePassword: 'console-test-password' } });
      installFakePg(gw);
      rx = await startReceiver();
      rx.respond = () => 500;
      outbox = startOutbox(gw.ctx, { owner: 'test', intervalMs: 1000, batch: 10, concurrency: 2, connectTimeoutMs: 1000, readTimeoutMs: 500, autoStart: false });
    });
    after(async () => {
      await outbox.stop();
      await rx.close();
      await gw.close();
    });
    beforeEach(() => {
      rx.received.length = 0;
    });

    const port = () => new URL(rx.url()).port;
    const loopbacks = () => [rx.url(), `http://localhost:${port()}/hook`, `http://[::1]:${port()}/`, `http://[::ffff:127.0.0.1]:${port()}/`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://0.0.0.0:5432/'];
    const onetime = (over: Record<string, unknown>) => gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: `ssrf_${driver}_${++seq}`, amount: 1000, ...card('approveShinhan'), ...over } });

    it('notice_url: every loopback, private or metadata form is refused with a V1 error, and nothing is charged', async () => {
      const before = await count(gw, 'payments');
      for (const url of loopbacks()) {
        const r = await onetime({ notice_url: url });
        assert.equal(r.status, 400, `${url}: ${r.raw}`);
        assert.equal(r.body.code, -1);
        assert.equal(r.body.response, null);
        assert.match(r.body.message, /notice_url/);
      }
      const r = await onetime({ notice_url: ['https://203.0.113.9/ok', rx.url()] });
      assert.match(r.body.message, /notice_url\[1\]/);
      assert.equal(await count(gw, 'payments'), before, 'no payment attempt for a refused request');
    });

    it('the number of notice_urls is capped at 5', async () => {
      const six = Array.from({ length: 6 }, (_, i) => `https://203.0.113.${i + 1}/hook`);
      const r = await onetime({ notice_url: six });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /최대 5개/);
    });

    it('the console webhook URL refuses loopback targets', async () => {
      const c = new ConsoleClient(gw, '10.9.0.1');
      assert.equal((await c.signIn()).status, 303);
      await c.get('/console/webhooks');
      for (const url of [rx.url(), `http://localhost:${port()}/x`]) {
        const page = await c.post('/console/webhooks/url', { webhook_url: url });
        assert.equal(page.status, 400, url);
        assert.match(page.body, /내부망 주소/);
      }
      assert.equal((await gw.ctx.db.query<{ u: string | null }>('select webhook_url as u from merchants where id = $1', [gw.demo.merchant.id]))[0]!.u, null);
    });

    it('checkout: a loopback confirm_url or notice_url is refused before any window opens (F1001)', async () => {
      const before = await count(gw, 'payments');
      for (const over of [{ confirm_url: rx.url('/confirm') }, { confirm_url: `http://localhost:${port()}/confirm` }, { notice_url: rx.url() }]) {
        const rsp = rspOf(await startPay(gw, baseParams(over)));
        assert.equal(rsp.error_code, 'F1001', JSON.stringify(over));
        assert.match(rsp.error_msg, /내부망 주소/);
      }
      assert.equal(await count(gw, 'payments'), before);
      assert.match(impUidOf(await startPay(gw, baseParams({ confirm_url: 'https://203.0.113.7/confirm' }))), /^imp_/);
    });

    it('at connect time: a webhook URL that got past acceptance (rebinding) is not contacted, and nothing of it is read back', async () => {
      for (const url of [rx.url('/literal'), `http://localhost:${port()}/by-name`]) {
        // As if the name had resolved to a public address when it was accepted.
        await updateMerchantWebhook(gw.ctx.db, gw.demo.merchant.id, url);
        const p = (await onetime({})).body.response;
        assert.equal(await outbox.tick(), 1);
        assert.equal(rx.received.length, 0, `${url} was contacted`);
        const [d] = (await gw.call('GET', `/webhooks/deliveries?imp_uid=${p.imp_uid}`)).body.response;
        assert.equal(d.log[0].http_status, null);
        assert.equal(d.log[0].response_excerpt, null);
        assert.match(d.log[0].error, /refused: .* is a loopback address/);
      }
      await updateMerchantWebhook(gw.ctx.db, gw.demo.merchant.id, null);
    });

    it('at connect time: confirm_url requests to loopback fail without contacting it', async () => {
      const f = outboundFetch(gw.ctx.outbound);
      for (const url of [rx.url('/confirm'), `http://localhost:${port()}/confirm`]) {
        await assert.rejects(f(url, { method: 'POST', body: '{}' }), (e: Error) => /refused/.test(String((e.cause as Error)?.message)));
      }
      assert.equal(rx.received.length, 0);
    });
  });
}

describe('SSRF: with OPENIMP_ALLOW_PRIVATE_URLS a real receiver on loopback works', () => {
  let gw: TestGateway;
  let rx: Receiver;
  before(async () => {
    gw = await startGateway('pglite', { ...manualRecurring(), allowPrivateUrls: true });
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await gw.close();
  });

  it('delivers to 127.0.0.1 and keeps at most 200 characters of the answer, without control characters', async () => {
    const chatty = createServer((_req, res) => res.end(`line1\r\nsecret\u0000${'x'.repeat(1000)}`));
    await new Promise<void>((res) => chatty.listen(0, '127.0.0.1', () => res()));
    const outbox = startOutbox(gw.ctx, { owner: 'test', intervalMs: 1000, batch: 10, concurrency: 1, connectTimeoutMs: 1000, readTimeoutMs: 500, autoStart: false });
    try {
      const url = `http://127.0.0.1:${(chatty.address() as AddressInfo).port}/hook`;
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'ssrf_allowed_1', amount: 1000, ...card('approveShinhan'), notice_url: url } });
      assert.equal(r.body.code, 0, r.raw);
      assert.equal(await outbox.tick(), 1);
      const [d] = (await gw.call('GET', `/webhooks/deliveries?imp_uid=${r.body.response.imp_uid}`)).body.response;
      assert.equal(d.state, 'delivered');
      assert.equal(d.log[0].http_status, 200);
      assert.ok(d.log[0].response_excerpt.length <= 200 && d.log[0].response_excerpt.length > 150, d.log[0].response_excerpt);
      assert.match(d.log[0].response_excerpt, /^line1 secret x+$/);
    } finally {
      await outbox.stop();
      chatty.closeAllConnections();
      await new Promise((res) => chatty.close(res));
    }
  });

  it('confirm_url requests reach a loopback receiver through the guarded fetch', async () => {
    rx.respond = () => 200;
    const res = await outboundFetch(gw.ctx.outbound)(rx.url('/confirm'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(res.status, 200);
    assert.equal(rx.received.at(-1)!.body, '{"a":1}');
  });
});
