import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { DEMO, startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { createApiKey, revokeKey } from '../../app/merchant-admin.ts';

for (const driver of testDrivers()) {
  describe(`POST /users/getToken and token checks (reference §1.2-1.3) [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, {}, clock.now); });
    after(async () => gw.close());

    const getToken = (body: unknown, form = false) =>
      form ? gw.call('POST', '/users/getToken', { form: body as Record<string, string>, token: null }) : gw.call('POST', '/users/getToken', { json: body, token: null });

    it('issues a 30-minute token in the V1 envelope', async () => {
      const r = await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret });
      assert.equal(r.status, 200);
      assert.equal(r.body.code, 0);
      assert.equal(r.body.message, null);
      assert.match(r.body.response.access_token, /^[0-9a-f]{40}$/);
      assert.equal(r.body.response.now, clock.now());
      assert.equal(r.body.response.expired_at, clock.now() + 1800);
      assert.match(String(r.headers['content-type']), /^application\/json; charset=UTF-8$/i);
    });

    it('returns the same token while valid, extends it by 5 minutes in its last minute, then mints a new one', async () => {
      const first = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret }, true)).body.response;
      clock.advance(600);
      const same = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).body.response;
      assert.equal(same.access_token, first.access_token);
      assert.equal(same.expired_at, first.expired_at, 'no extension before the last minute');
      clock.set(first.expired_at - 30);
      const extended = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).body.response;
      assert.equal(extended.access_token, first.access_token);
      assert.equal(extended.expired_at, first.expired_at + 300);
      clock.set(extended.expired_at);
      const fresh = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).body.response;
      assert.notEqual(fresh.access_token, first.access_token);
    });

    it('concurrent getToken calls all receive one token', async () => {
      clock.advance(7200);
      const all = await Promise.all(Array.from({ length: 8 }, () => getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })));
      assert.equal(new Set(all.map((r) => r.body.response.access_token)).size, 1);
    });

    it('a wrong secret or unknown key is 401 in the V1 envelope', async () => {
      for (const body of [{ imp_key: DEMO.impKey, imp_secret: 'wrong' }, { imp_key: 'nope', imp_secret: DEMO.impSecret }]) {
        const r = await getToken(body);
        assert.equal(r.status, 401);
        assert.equal(r.body.code, -1);
        assert.equal(r.body.response, null);
        assert.equal(typeof r.body.message, 'string');
      }
    });

    it('missing fields are 400 naming the field', async () => {
      const r = await getToken({ imp_key: DEMO.impKey });
      assert.equal(r.status, 400);
      assert.equal(r.body.code, -1);
      assert.match(r.body.message, /imp_secret/);
    });

    it('accepts the token as Bearer, bare Authorization and X-ImpTokenHeader', async () => {
      const token = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).body.response.access_token;
      for (const headers of [{ authorization: `Bearer ${token}` }, { authorization: token }, { "x-imptokenheader": token }] as Record<string, string>[]) {
        const r = await gw.call('GET', '/payments/imp_000000000000', { headers, token: null });
        assert.equal(r.status, 404, JSON.stringify(headers));
      }
      // Authorization wins over X-ImpTokenHeader
      const r = await gw.call('GET', '/payments/imp_000000000000', { headers: { authorization: 'bad', 'x-imptokenheader': token }, token: null });
      assert.equal(r.status, 401);
    });

    it('missing, unknown and expired tokens are 401 {code:-1, message:"Unauthorized"}', async () => {
      const token = (await getToken({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).body.response;
      for (const headers of [{}, { authorization: "Bearer 0000" }] as Record<string, string>[]) {
        const r = await gw.call('GET', '/payments/imp_000000000000', { headers, token: null });
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, { code: -1, message: 'Unauthorized', response: null });
        assert.equal(r.headers['www-authorize'], 'iamport');
      }
      clock.set(token.expired_at);
      const r = await gw.call('GET', '/payments/imp_000000000000', { token: token.access_token });
      assert.equal(r.status, 401);
    });

    it('a token of a revoked key is 401 on the very next call, though it was just used', async () => {
      const pair = await createApiKey(gw.ctx, gw.demo.merchant.id, { label: 'to revoke' });
      const token = (await getToken(pair)).body.response.access_token as string;
      const used = await gw.call('GET', '/payments/imp_000000000000', { token });
      assert.equal(used.status, 404, 'valid before the revocation');
      assert.equal(await revokeKey(gw.ctx, gw.demo.merchant.id, pair.imp_key), true);
      const r = await gw.call('GET', '/payments/imp_000000000000', { token });
      assert.equal(r.status, 401);
    });
  });
}
