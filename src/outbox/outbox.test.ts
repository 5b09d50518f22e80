import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { card } from '../../test/support/cards.ts';
import { testClock } from '../../test/support/clock.ts';
import { testDrivers } from '../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../test/support/gateway.ts';
import { manualRecurring } from '../../test/support/recurring.ts';
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver.ts';
import { updateMerchantWebhook } from '../storage/merchants.ts';
import { claimDeliveries, recordAttempts } from '../storage/outbox.ts';
import { startOutbox, type Outbox } from './outbox.ts';

for (const driver of testDrivers()) {
  describe(`webhook outbox (reference §4) [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let rx: Receiver;
    let outbox: Outbox;
    let seq = 0;
    before(async () => {
      gw = await startGateway(driver, manualRecurring({ webhookRetryBaseSec: 30, webhookRetryForSec: 600 }), clock.now);
      rx = await startReceiver();
      outbox = startOutbox(gw.ctx, { owner: 'test', intervalMs: 1000, batch: 10, concurrency: 4, connectTimeoutMs: 1000, readTimeoutMs: 300, autoStart: false });
    });
    after(async () => {
      await outbox.stop();
      await rx.close();
      await gw.close();
    });
    beforeEach(() => {
      rx.received.length = 0;
      rx.respond = () => 200;
    });

    const pay = async (over: Record<string, unknown> = {}) => {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: `wh_${++seq}`, amount: 1000, ...card('approveShinhan'), notice_url: rx.url(), ...over } });
      assert.equal(r.body.code, 0, r.raw);
      return r.body.response;
    };
    const deliveries = async (impUid: string) => (await gw.call('GET', `/webhooks/deliveries?imp_uid=${impUid}`)).body.response;

    it('delivers the V1 body, signed with Standard Webhooks headers, and logs the attempt', async () => {
      const p = await pay();
      assert.equal(await outbox.tick(), 1);
      const [got] = rx.received;
      assert.deepEqual(JSON.parse(got!.body), { imp_uid: p.imp_uid, merchant_uid: p.merchant_uid, status: 'paid' });
      assert.match(String(got!.headers['content-type']), /application\/json/);
      const secret: string = (await gw.call('GET', '/webhooks/secret')).body.response.secret;
      assert.match(secret, /^whsec_/);
      const id = String(got!.headers['webhook-id']);
      const ts = String(got!.headers['webhook-timestamp']);
      const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${ts}.${got!.body}`).digest('base64');
      assert.equal(got!.headers['webhook-signature'], `v1,${expected}`);
      const [d] = await deliveries(p.imp_uid);
      assert.equal(d.state, 'delivered');
      assert.equal(d.webhook_id, id);
      assert.equal(d.log[0].http_status, 200);
      assert.equal(d.log[0].response_excerpt, 'ok');
      assert.equal(typeof d.log[0].duration_ms, 'number');
      assert.equal(await outbox.tick(), 0, 'delivered once');
    });

    it('ordinary failures and API cancels without enable_webhook announce nothing; with it, cancellation_id is sent', async () => {
      await pay({ ...card('declined') });
      const p = await pay();
      await outbox.tick();
      rx.received.length = 0;
      await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, amount: 100 } });
      assert.equal(await outbox.tick(), 0);
      const c = await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, amount: 100, enable_webhook: true } });
      assert.equal(await outbox.tick(), 1);
      const body = JSON.parse(rx.received[0]!.body);
      assert.equal(body.status, 'paid', 'a partial cancel keeps paid');
      assert.equal(body.cancellation_id, c.body.response.cancel_history[1].cancellation_id);
    });

    it('the merchant URL is used only when the payment has no notice_url', async () => {
      await updateMerchantWebhook(gw.ctx.db, gw.demo.merchant.id, rx.url('/merchant'));
      await pay({ notice_url: undefined });
      await pay({ notice_url: [rx.url('/a'), rx.url('/b')] });
      assert.equal(await outbox.tick(), 3);
      assert.deepEqual(rx.received.map((r) => r.path).sort(), ['/a', '/b', '/merchant']);
      await updateMerchantWebhook(gw.ctx.db, gw.demo.merchant.id, null);
    });

    it('a receiver that fails is retried with backoff, and later events of the payment wait their turn', async () => {
      rx.respond = () => 503;
      const p = await pay();
      await outbox.tick();
      await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, enable_webhook: true } });
      assert.equal(await outbox.tick(), 0, 'the cancel waits for the paid event; the paid event is not due yet');
      let [cancelled, paid] = await deliveries(p.imp_uid);
      assert.equal(paid.state, 'pending');
      assert.equal(paid.attempts, 1);
      assert.equal(paid.log[0].http_status, 503);
      assert.equal(paid.next_attempt_at, clock.now() + 30);
      assert.equal(cancelled.attempts, 0);
      rx.respond = () => 200;
      clock.advance(30);
      assert.equal(await outbox.tick(), 1);
      assert.equal(await outbox.tick(), 1);
      assert.deepEqual(rx.received.slice(-2).map((r) => JSON.parse(r.body).status), ['paid', 'cancelled']);
      [cancelled, paid] = await deliveries(p.imp_uid);
      assert.equal(paid.state, 'delivered');
      assert.equal(cancelled.state, 'delivered');
    });

    it('attempts of one pass are logged together, and only by the holder of each lease', async () => {
      const paid = [await pay(), await pay(), await pay()];
      const claimed = await claimDeliveries(gw.ctx.db, clock.now(), 10, 'other', clock.now() + 60);
      assert.equal(claimed.length, 3);
      const attempt = { attemptedAt: clock.now(), durationMs: 1, httpStatus: 200, error: null, responseExcerpt: 'ok' };
      const stale = await recordAttempts(gw.ctx.db, 'test', claimed.map((d) => ({ id: d.id, attempt, outcome: { state: 'delivered' as const, nextAttemptAt: clock.now(), deliveredAt: clock.now() } })));
      assert.equal(stale.size, 0, 'a writer without the lease changes nothing');
      assert.equal(await outbox.tick(), 0, 'leased by another sender');
      clock.advance(61);
      assert.equal(await outbox.tick(), 3);
      for (const p of paid) {
        const [d] = await deliveries(p.imp_uid);
        assert.equal(d.state, 'delivered');
        assert.equal(d.attempts, 1);
        assert.deepEqual(d.log.map((l: { http_status: number }) => l.http_status), [200], 'one attempt logged');
      }
    });

    it('gives up after the retry window (then the next event proceeds), and redelivers by hand with the same id', async () => {
      rx.respond = () => 500;
      const p = await pay();
      for (let i = 0; i < 10; i++) {
        await outbox.tick();
        clock.advance(130);
      }
      const [d] = await deliveries(p.imp_uid);
      assert.equal(d.state, 'failed');
      const attempts = d.attempts;
      rx.respond = () => 200;
      const r = await gw.call('POST', `/webhooks/deliveries/${d.id}/redeliver`);
      assert.equal(r.body.response.state, 'pending');
      assert.equal(await outbox.tick(), 1);
      const again = (await deliveries(p.imp_uid))[0];
      assert.equal(again.state, 'delivered');
      assert.equal(again.attempts, attempts + 1);
      assert.equal(rx.received.at(-1)!.headers['webhook-id'], d.webhook_id);
      assert.equal((await gw.call('POST', '/webhooks/deliveries/999999/redeliver')).status, 404);
    });

    it('a receiver slower than the read timeout is an attempt with an error, retried later', async () => {
      rx.respond = () => new Promise((res) => setTimeout(() => res(200), 800));
      const p = await pay();
      await outbox.tick();
      const [d] = await deliveries(p.imp_uid);
      assert.equal(d.state, 'pending');
      assert.match(d.log[0].error, /read timeout/);
      assert.equal(d.log[0].http_status, null);
    });
  });
}
