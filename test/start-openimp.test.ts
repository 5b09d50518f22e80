/**
 * startOpenimp() as a merchant's test suite uses it: a gateway on a free port with a throw-away
 * database, driven with the `iamport` npm client (pointed at it), reset between tests, and gone after
 * stop() (port closed, data directory deleted).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { startOpenimp } from '../src/index.ts';
import { card } from './support/cards.ts';

const require = createRequire(import.meta.url);

/** The iamport client has no host option: its resources copy Iamport.DEFAULT_HOST when constructed. */
function iamportClient(url: string, impKey: string, impSecret: string) {
  const Iamport = require('iamport');
  Iamport.DEFAULT_HOST = url;
  return new Iamport({ impKey, impSecret });
}

const refused = (url: string) => new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(url);
  const s = connect(Number(port), hostname);
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', () => resolve(true));
});

describe('startOpenimp', () => {
  it('known credentials: the iamport client issues a billing key, charges, reads and cancels; stop() frees everything', async () => {
    const gw = await startOpenimp({ merchantCode: 'imp00000042', impKey: 'merchant_test_key', impSecret: 'merchant_test_secret_0123456789' });
    try {
      assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual([gw.merchantCode, gw.impKey, gw.impSecret], ['imp00000042', 'merchant_test_key', 'merchant_test_secret_0123456789']);
      const iamport = iamportClient(gw.url, gw.impKey, gw.impSecret);
      const key = await iamport.subscribe_customer.create({ customer_uid: 'buyer_1', ...card('approveShinhan') });
      assert.equal(key.customer_uid, 'buyer_1');
      const paid = await iamport.subscribe.again({ customer_uid: 'buyer_1', merchant_uid: 'order_1', amount: 12_000, name: '정기구독' });
      assert.deepEqual([paid.status, paid.amount], ['paid', 12_000]);
      assert.equal((await iamport.payment.getByImpUid({ imp_uid: paid.imp_uid })).merchant_uid, 'order_1');
      const cancelled = await iamport.payment.cancel({ imp_uid: paid.imp_uid, amount: 2000, reason: '부분 환불' });
      assert.deepEqual([cancelled.status, cancelled.cancel_amount], ['paid', 2000]);
      // The sandbox reset lets the next test reuse the same order ids.
      const token = (await (await fetch(`${gw.url}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: gw.impKey, imp_secret: gw.impSecret }) })).json()).response.access_token;
      const reset = await (await fetch(`${gw.url}/sandbox-reset`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json();
      assert.equal(reset.response.payments, 1);
      await assert.rejects(iamport.payment.getByImpUid({ imp_uid: paid.imp_uid }));
      await iamport.subscribe_customer.create({ customer_uid: 'buyer_1', ...card('approveShinhan') });
      assert.equal((await iamport.subscribe.again({ customer_uid: 'buyer_1', merchant_uid: 'order_1', amount: 12_000 })).status, 'paid');
    } finally {
      await gw.stop();
    }
    assert.ok(await refused(gw.url), 'the port is closed');
    assert.equal(existsSync(gw.dataDir), false, 'the data directory is deleted');
    await gw.stop(); // twice is harmless
  });

  it('generated credentials are returned and work; two instances run side by side', async () => {
    const [a, b] = await Promise.all([startOpenimp(), startOpenimp()]);
    try {
      assert.notEqual(a.url, b.url);
      assert.match(a.merchantCode, /^imp\d{8}$/);
      for (const gw of [a, b]) {
        const r = await fetch(`${gw.url}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: gw.impKey, imp_secret: gw.impSecret }) });
        assert.equal((await r.json()).code, 0);
      }
      assert.ok(a.console && a.console.password.length > 0);
      assert.equal((await fetch(`${a.url}/v1/iamport.js`)).status, 200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('impKey without impSecret is refused before anything starts', async () => {
    await assert.rejects(startOpenimp({ impKey: 'only_key' }), /together/);
  });
});
