import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../test/support/cards.ts';
import { testClock } from '../../test/support/clock.ts';
import { testDrivers } from '../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../test/support/gateway.ts';
import { manualRecurring } from '../../test/support/recurring.ts';
import { createApiKey, createMerchant } from '../app/merchant-admin.ts';

for (const driver of testDrivers()) {
  describe(`Idempotency-Key on POST [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, manualRecurring(), clock.now); });
    after(async () => gw.close());

    const prepare = (key: string | null, body: unknown, token?: string) =>
      gw.call('POST', '/payments/prepare', { json: body, headers: key === null ? {} : { 'idempotency-key': key }, token });

    it('replays the stored status and body instead of running the request again', async () => {
      const first = await prepare('k-1', { merchant_uid: 'idem_1', amount: 1000 });
      assert.equal(first.body.code, 0);
      const replay = await prepare('k-1', { amount: 1000, merchant_uid: 'idem_1' });
      assert.equal(replay.status, first.status);
      assert.equal(replay.raw, first.raw);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const direct = await prepare(null, { merchant_uid: 'idem_1', amount: 1000 });
      assert.equal(direct.body.code, 1, 'without the key the request really runs (and finds the registration)');
    });

    it('a stored business error is replayed too; another body under the same key is 422', async () => {
      const err = await prepare('k-2', { merchant_uid: 'idem_1', amount: 1000 });
      assert.equal(err.body.code, 1);
      assert.equal((await prepare('k-2', { merchant_uid: 'idem_1', amount: 1000 })).raw, err.raw);
      const other = await prepare('k-2', { merchant_uid: 'idem_1', amount: 2000 });
      assert.equal(other.status, 422);
      assert.equal(other.body.code, -1);
      assert.match(other.body.message, /Idempotency-Key/);
    });

    it('is 409 while the first request is in flight, then replays its outcome; the PG is charged once', async () => {
      // The PG-timeout card keeps the first request busy past the connector timeout and its status check.
      const body = { merchant_uid: 'idem_slow', amount: 1000, ...card('pgTimeout') };
      const slow = gw.call('POST', '/subscribe/payments/onetime', { json: body, headers: { 'idempotency-key': 'k-slow' } });
      await new Promise((r) => setTimeout(r, 100));
      const busy = await gw.call('POST', '/subscribe/payments/onetime', { json: body, headers: { 'idempotency-key': 'k-slow' } });
      assert.equal(busy.status, 409);
      assert.deepEqual(busy.body, { code: -1, message: '같은 Idempotency-Key 의 요청이 처리 중입니다.', response: null });
      const first = await slow;
      assert.equal(first.body.response.status, 'paid', first.raw);
      const replay = await gw.call('POST', '/subscribe/payments/onetime', { json: body, headers: { 'idempotency-key': 'k-slow' } });
      assert.equal(replay.raw, first.raw);
      assert.equal(gw.simulators.jtnet!.approvedCharges(first.body.response.imp_uid), 1);
    });

    it('keys are scoped per merchant', async () => {
      const m = await createMerchant(gw.ctx, { name: 'other shop' });
      const keys = await createApiKey(gw.ctx, m.id);
      const token = (await gw.call('POST', '/users/getToken', { json: keys, token: null })).body.response.access_token;
      const r = await prepare('k-1', { merchant_uid: 'idem_1', amount: 1000 }, token);
      assert.equal(r.body.code, 0, 'the other merchant runs its own request under the same key');
      assert.equal(r.headers['idempotent-replayed'], undefined);
    });

    it('rejects malformed keys, ignores GET, and forgets keys after 24 hours', async () => {
      assert.equal((await prepare('x'.repeat(256), { merchant_uid: 'idem_x', amount: 1 })).status, 400);
      const get = await gw.call('GET', '/payments/prepare/idem_1', { headers: { 'idempotency-key': 'k-1' } });
      assert.equal(get.body.code, 0);
      clock.advance(24 * 3600 + 1);
      const token = (await gw.call('POST', '/users/getToken', { json: { imp_key: 'test_imp_key', imp_secret: 'test_imp_secret_0123456789' }, token: null })).body.response.access_token;
      const reused = await prepare('k-2', { merchant_uid: 'idem_after', amount: 5 }, token);
      assert.equal(reused.body.code, 0);
    });
  });
}
