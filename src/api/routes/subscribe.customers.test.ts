import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { secondMerchant } from '../../../test/support/merchant.ts';

for (const driver of testDrivers()) {
  describe(`/subscribe/customers (reference §3.6) [${driver}]`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(async () => gw.close());
    const count = async () => Number((await gw.ctx.db.query<{ n: number }>('select count(*)::int as n from billing_keys'))[0]!.n);

    it('issues a billing key from card data and shows only the masked card', async () => {
      const r = await gw.call('POST', '/subscribe/customers/cust_1', { json: { ...card('approveShinhan'), customer_name: '홍길동', customer_email: 'a@b.c' } });
      assert.equal(r.status, 200);
      assert.equal(r.body.code, 0);
      const c = r.body.response;
      assert.equal(c.customer_uid, 'cust_1');
      assert.equal(c.pg_provider, 'jtnet');
      assert.equal(c.pg_id, 'tpaytest1m');
      assert.equal(c.card_code, '366');
      assert.equal(c.card_name, '신한카드');
      assert.equal(c.card_number, '936600******0009');
      assert.equal(c.customer_name, '홍길동');
      assert.equal(c.sandbox, true);
      assert.equal(typeof c.inserted, 'number');
      for (const k of ['customer_id', 'customer_tel', 'customer_addr', 'customer_postcode', 'card_type', 'updated']) assert.ok(k in c, k);
      assert.ok(!r.raw.includes('9366000000000009') && !r.raw.includes('9366-0000-0000-0009'));
    });

    it('accepts a form-urlencoded body (reference §1.1)', async () => {
      const r = await gw.call('POST', '/subscribe/customers/cust_form', { form: card('approveHyundai') });
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response.card_code, '367');
    });

    it('reusing a customer_uid points it at the newest card', async () => {
      await gw.call('POST', '/subscribe/customers/cust_swap', { json: card('approveShinhan') });
      const r = await gw.call('POST', '/subscribe/customers/cust_swap', { json: card('approveSamsung') });
      assert.equal(r.body.response.card_code, '365');
      assert.equal((await gw.call('GET', '/subscribe/customers/cust_swap')).body.response.card_code, '365');
    });

    it('a card the PG refuses fails with code -1 and stores nothing', async () => {
      const before = await count();
      const r = await gw.call('POST', '/subscribe/customers/cust_bad', { json: card('invalidNumber') });
      assert.equal(r.status, 200);
      assert.equal(r.body.code, -1);
      assert.equal(r.body.response, null);
      assert.match(r.body.message, /^카드정보 인증 및 빌키 발급에 실패하였습니다\. \[F113\]/);
      assert.equal(await count(), before);
    });

    it('PAYCO and KICC have no API billing: the V1 "no non-authenticated module" message (seeds 001, 002)', async () => {
      const before = await count();
      for (const pg of ['payco', 'kicc', 'kicc.T5102002']) {
        const r = await gw.call('POST', '/subscribe/customers/cust_payco', { json: { ...card('approveShinhan'), pg } });
        assert.deepEqual(r.body, { code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.', response: null }, pg);
      }
      assert.equal(await count(), before);
    });

    it('an unknown pg value is a clear error', async () => {
      const r = await gw.call('POST', '/subscribe/customers/cust_x', { json: { ...card('approveShinhan'), pg: 'inicis' } });
      assert.equal(r.body.code, 1);
      assert.match(r.body.message, /pg: inicis/);
    });

    it('missing or malformed card fields are 400 naming the field, and change nothing', async () => {
      const before = await count();
      const missing = await gw.call('POST', '/subscribe/customers/cust_y', { json: { expiry: '2030-12' } });
      assert.equal(missing.status, 400);
      assert.match(missing.body.message, /card_number/);
      const badExpiry = await gw.call('POST', '/subscribe/customers/cust_y', { json: card('approveShinhan', { expiry: '12/30' }) });
      assert.equal(badExpiry.status, 400);
      assert.match(badExpiry.body.message, /expiry/);
      assert.equal(await count(), before);
    });

    it('a field PostgreSQL cannot store is refused before the PG is asked: the PG issues no key the gateway never records (issue #13.3)', async () => {
      // Every call that asks a PG for a key is counted: none may happen.
      const asked: string[] = [];
      const real = gw.ctx.pg.connector;
      gw.ctx.pg.connector = (provider) => {
        const c = real(provider);
        const issue = c?.issueBillingKey;
        return c && issue ? { ...c, issueBillingKey: (cctx, req) => { asked.push(provider); return issue(cctx, req); } } : c;
      };
      const before = await count();
      const probes: [string, Record<string, unknown>][] = [
        ['/subscribe/customers/cust_nul', { ...card('approveShinhan'), customer_name: '홍\u0000길동' }],
        ['/subscribe/customers/cust_nul', { ...card('approveShinhan'), customer_email: 'a\ud800@b.c' }],
        ['/subscribe/customers/cust%00nul', card('approveShinhan')],
        ['/subscribe/payments/onetime', { merchant_uid: 'nul_onetime', amount: 1000, ...card('approveShinhan'), customer_uid: 'cust_nul', buyer_name: 'x\u0000' }],
      ];
      try {
        for (const [url, json] of probes) {
          const r = await gw.call('POST', url, { json });
          assert.equal(r.status, 400, `${url}: ${r.raw}`);
          assert.equal(r.body.code, -1);
          assert.match(r.body.message, /파라메터가 올바르지 않습니다\.$/);
        }
      } finally {
        gw.ctx.pg.connector = real;
      }
      assert.equal(await count(), before, 'no key at the gateway');
      assert.deepEqual(asked, [], 'no PG was asked for a key');
    });

    it('GET of an unknown customer_uid is 404 with the V1 message naming it', async () => {
      const r = await gw.call('GET', '/subscribe/customers/000000');
      assert.equal(r.status, 404);
      assert.equal(r.body.message, '요청하신 customer_uid(000000)로 등록된 정보를 찾을 수 없습니다.');
    });

    it('multi-get: 200 when all found, 207 when some, 404 when none', async () => {
      await gw.call('POST', '/subscribe/customers/multi_a', { json: card('approveShinhan') });
      await gw.call('POST', '/subscribe/customers/multi_b', { json: card('approveShinhan') });
      const all = await gw.call('GET', '/subscribe/customers?customer_uid[]=multi_a&customer_uid[]=multi_b');
      assert.equal(all.status, 200);
      assert.deepEqual(all.body.response.map((c: { customer_uid: string }) => c.customer_uid).sort(), ['multi_a', 'multi_b']);
      const some = await gw.call('GET', '/subscribe/customers?customer_uid[]=multi_a&customer_uid[]=nope');
      assert.equal(some.status, 207);
      assert.equal(some.body.code, 0);
      assert.equal(some.body.response.length, 1);
      const none = await gw.call('GET', '/subscribe/customers?customer_uid[]=nope');
      assert.equal(none.status, 404);
    });

    it('DELETE returns the deleted customer; afterwards it is gone', async () => {
      await gw.call('POST', '/subscribe/customers/del_me', { json: card('approveShinhan') });
      const r = await gw.call('DELETE', '/subscribe/customers/del_me?reason=bye&extra[requester]=customer');
      assert.equal(r.status, 200);
      assert.equal(r.body.response.customer_uid, 'del_me');
      assert.equal((await gw.call('GET', '/subscribe/customers/del_me')).status, 404);
      assert.equal((await gw.call('DELETE', '/subscribe/customers/del_me')).status, 404);
    });

    it('another merchant can neither see nor delete the billing key', async () => {
      await gw.call('POST', '/subscribe/customers/private', { json: card('approveShinhan') });
      const other = await secondMerchant(gw);
      assert.equal((await gw.call('GET', '/subscribe/customers/private', { token: other.token })).status, 404);
      assert.equal((await gw.call('DELETE', '/subscribe/customers/private', { token: other.token })).status, 404);
      assert.equal((await gw.call('GET', '/subscribe/customers/private')).status, 200);
    });
  });
}
