/**
 * Expired access tokens are deleted by a background timer (OPENIMP_TOKEN_PURGE_INTERVAL_MS); live
 * ones stay and keep working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tokenHash } from '../src/app/auth.ts';
import { loadConfig } from '../src/config.ts';
import { testClock } from './support/clock.ts';
import { testDrivers } from './support/db.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';

for (const driver of testDrivers()) {
  describe(`expired access tokens are purged in the background [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => {
      const recurring = { ...loadConfig({}).recurring, schedulerEnabled: false, outboxEnabled: false, tokenPurgeIntervalMs: 20 };
      gw = await startGateway(driver, { recurring }, clock.now);
    });
    after(async () => gw.close());

    const tokenOf = async (impKey: string, impSecret: string) =>
      (await gw.call('POST', '/users/getToken', { json: { imp_key: impKey, imp_secret: impSecret }, token: null })).body.response.access_token as string;
    const stored = async (token: string) => (await gw.ctx.db.query('select 1 from access_tokens where token_hash = $1', [tokenHash(token)])).length;
    const until = async (cond: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 20));
    };

    it('deletes a token once it expired, and only that one', async () => {
      const old = await tokenOf(DEMO.impKey, DEMO.impSecret);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await stored(old), 1, 'a live token is kept');
      clock.advance(1800);
      const fresh = await tokenOf(DEMO.impKey, DEMO.impSecret);
      assert.notEqual(fresh, old);
      await until(async () => (await stored(old)) === 0);
      assert.equal(await stored(old), 0, 'the expired token was purged');
      assert.equal(await stored(fresh), 1, 'the live token issued after it stays');
      assert.notEqual((await gw.call('GET', '/payments/imp_000000000000', { token: fresh })).status, 401, 'the live token still works');
      assert.equal((await gw.call('GET', '/payments/imp_000000000000', { token: old })).status, 401);
    });
  });
}
