/**
 * Channel modes over the public surface (issue #9 outcome 3): test and live channels reach their PG's
 * own host (here a recording server set through OPENIMP_JTNET_URL), their payments say `sandbox: false`,
 * they cannot be saved without the credentials their PG needs, their credentials never come back, and
 * their PG's notifications are heard only from its addresses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { card } from './support/cards.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';
import { noCredentials } from '../src/core/channel.ts';
import { startRecordingPg, type RecordingPg } from './support/recording-pg.ts';
import { CONSOLE_EMAIL, CONSOLE_PASSWORD, ConsoleClient } from './console/support.ts';

const SECRETS = { apiKey: 'jt-api-key-SENTINEL-7f3a', cancelPassword: 'cancel-pw-SENTINEL-19', kicc: 'kicc-secret-SENTINEL-55' };
const demo = { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret, consolePassword: CONSOLE_PASSWORD };
const notifyUrl = (provider: string, merchantId: number, channelId: number) => `/pg/${provider}/notify?merchant_id=${merchantId}&channel_id=${channelId}`;

describe('test and live channels over HTTP', () => {
  let gw: TestGateway;
  let rec: RecordingPg;
  let c: ConsoleClient;
  const channelCount = async () => (await gw.ctx.db.query('select id from channels')).length;
  const notify = (url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    gw.app.inject({ method: 'POST', url, remoteAddress, payload: '{}', headers: { 'content-type': 'application/json', ...headers } });

  before(async () => {
    rec = await startRecordingPg();
    gw = await startGateway('pglite', {
      demo,
      pgOverrides: (p) => ({ url: p === 'jtnet' ? rec.url : null, notifyIps: p === 'kicc' ? ['198.51.100.0/24', '2001:db8::1'] : null }),
    });
    // The recording server stands for JTNet's host; what it receives is answered by the fake JTNet.
    const sim = gw.simulators.jtnet!;
    rec.relay = (r) => sim.handle(new Request(`http://fake-pg.test/sandbox/jtnet${r.url}`, {
      method: r.method, headers: { 'content-type': String(r.headers['content-type'] ?? '') }, body: r.method === 'GET' ? undefined : r.body,
    }));
    c = new ConsoleClient(gw);
    await c.get('/console/login');
    await c.signIn(CONSOLE_EMAIL, CONSOLE_PASSWORD);
  });
  after(async () => {
    await gw.close();
    await rec.close();
  });

  it('console: a test channel without the credentials its PG needs is refused and nothing is saved', async () => {
    await c.get('/console/channels/new?provider=jtnet');
    const n = await channelCount();
    const missing = await c.post('/console/channels/new?provider=jtnet', { pg_id: 'jtmodetest', purpose: 'api', mode: 'test', api_key: SECRETS.apiKey, enabled: '1' });
    assert.equal(missing.status, 400);
    assert.match(missing.body, /취소 비밀번호 \(cancel_pw\)/, 'names what is missing');
    assert.doesNotMatch(missing.body, new RegExp(SECRETS.apiKey), 'a refused form does not echo the key back');
    const kicc = await c.post('/console/channels/new?provider=kicc', { pg_id: 'T5102009', purpose: 'general', mode: 'live', enabled: '1' });
    assert.equal(kicc.status, 400);
    assert.match(kicc.body, /보안키/);
    const brick = await c.post('/console/channels/new?provider=paymentwall', { pg_id: 'pw_test_proj', purpose: 'billing', mode: 'test', secret: 'pw-s', enabled: '1' });
    assert.equal(brick.status, 400, 'a Paymentwall billing channel needs its Brick keys');
    assert.match(brick.body, /Brick Public key, Brick Private key/);
    assert.equal(await channelCount(), n);
  });

  it('console: saves test and live channels with their credentials, shows only that they are set', async () => {
    const ok = await c.post('/console/channels/new?provider=jtnet', { pg_id: 'jtmodetest', purpose: 'api', mode: 'test', api_key: SECRETS.apiKey, cancel_password: SECRETS.cancelPassword, enabled: '1' });
    assert.equal(ok.status, 303, ok.body);
    const kicc = await c.post('/console/channels/new?provider=kicc', { pg_id: 'T5102009', purpose: 'general', mode: 'test', secret: SECRETS.kicc, enabled: '1' });
    assert.equal(kicc.status, 303, kicc.body);
    const list = await c.get('/console/channels');
    assert.match(list.body, /<code class="pg">jtnet\.jtmodetest<\/code>/);
    assert.match(list.body, /PG 테스트 \(테스트 MID\)/);
    const [row] = await gw.ctx.db.query<{ id: number; mode: string; api_key_enc: string; cancel_password_enc: string; secret_enc: string | null }>(
      "select id, mode, api_key_enc, cancel_password_enc, secret_enc from channels where pg_id = 'jtmodetest'");
    assert.equal(row!.mode, 'test');
    assert.match(row!.api_key_enc, /^v1:/, 'sealed like billing keys');
    assert.ok(!row!.api_key_enc.includes(SECRETS.apiKey) && !row!.cancel_password_enc.includes(SECRETS.cancelPassword));
    assert.equal(row!.secret_enc, null);
    const edit = await c.get(`/console/channels/${row!.id}`);
    assert.match(edit.body, /API 키 \(api_key\) <span class="muted">\(저장됨\)<\/span>/);
    assert.match(edit.body, /id="mode-test" name="mode" value="test" checked/);
    for (const s of Object.values(SECRETS)) {
      assert.ok(!list.body.includes(s) && !edit.body.includes(s), 'never shown again');
    }
  });

  it('console: switching a sandbox channel to live needs the credentials; blank fields keep the stored ones', async () => {
    const add = await c.post('/console/channels/new?provider=payco', { pg_id: 'PAYCOMODE', purpose: 'general', mode: 'sandbox', enabled: '1' });
    assert.equal(add.status, 303, 'a sandbox PAYCO channel needs no cpId/productId');
    const [row] = await gw.ctx.db.query<{ id: number }>("select id from channels where pg_id = 'PAYCOMODE'");
    await c.get(`/console/channels/${row!.id}`);
    const refused = await c.post(`/console/channels/${row!.id}`, { pg_id: 'PAYCOMODE', purpose: 'general', mode: 'live', cp_id: 'CP1', enabled: '1' });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /상품ID \(productId\)/);
    const [still] = await gw.ctx.db.query<{ mode: string; cp_id_enc: string | null }>('select mode, cp_id_enc from channels where id = $1', [row!.id]);
    assert.deepEqual(still, { mode: 'sandbox', cp_id_enc: null }, 'a refused edit changes nothing');
    assert.equal((await c.post(`/console/channels/${row!.id}`, { pg_id: 'PAYCOMODE', purpose: 'general', mode: 'sandbox', cp_id: 'CP1', product_id: 'PROD1', enabled: '1' })).status, 303);
    const live = await c.post(`/console/channels/${row!.id}`, { pg_id: 'PAYCOMODE', purpose: 'general', mode: 'live', enabled: '1' });
    assert.equal(live.status, 303, 'the stored cpId and productId are kept and suffice');
    const [after1] = await gw.ctx.db.query<{ mode: string }>('select mode from channels where id = $1', [row!.id]);
    assert.equal(after1!.mode, 'live');
  });

  it('a test channel reaches its PG at OPENIMP_JTNET_URL; its payments have sandbox: false; credentials never in responses or logs', async () => {
    const before1 = rec.received.length;
    const sandboxPay = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'mode_sbx_1', amount: 1000, pg: 'jtnet.tpaytest1m', ...card('approveShinhan') } });
    assert.equal(sandboxPay.body.code, 0, JSON.stringify(sandboxPay.body));
    assert.equal(sandboxPay.body.response.sandbox, true);
    assert.equal(rec.received.length, before1, 'a sandbox channel talks to the fake PG, not to the PG host');

    // JTNet knows its merchant's api_key and cancel password from onboarding; so must the fake JTNet that answers for its host.
    await gw.ctx.pg.sandbox!.registerMerchant('jtnet', 'jtmodetest', { ...noCredentials(), apiKey: SECRETS.apiKey, cancelPassword: SECRETS.cancelPassword });
    const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'mode_test_1', amount: 1200, pg: 'jtnet.jtmodetest', ...card('approveShinhan') } });
    assert.equal(r.body.code, 0, JSON.stringify(r.body));
    assert.equal(r.body.response.sandbox, false);
    assert.equal(r.body.response.pg_id, 'jtmodetest');
    assert.ok(rec.received.length > before1, 'the charge went to the configured host');
    assert.ok(rec.received.every((x) => !x.url.startsWith('/sandbox/')), 'at the PG host, not under the sandbox prefix');
    const got = await gw.call('GET', `/payments/${r.body.response.imp_uid}`);
    assert.equal(got.body.response.sandbox, false);
    const sent = rec.received.length;
    const cancel = await gw.call('POST', '/payments/cancel', { json: { imp_uid: r.body.response.imp_uid, reason: 'mode test' } });
    assert.equal(cancel.body.code, 0, JSON.stringify(cancel.body));
    assert.equal(cancel.body.response.sandbox, false);
    assert.ok(rec.received.length > sent, 'the refund went to the configured host too');
    const everything = [JSON.stringify(r.body), JSON.stringify(got.body), JSON.stringify(cancel.body), ...gw.logLines].join('\n');
    for (const s of Object.values(SECRETS)) assert.ok(!everything.includes(s), `credential ${s} must not reach responses or logs`);
  });

  it('notifications on a test channel are heard only from the PG addresses (OPENIMP_KICC_NOTIFY_IPS); X-Forwarded-For is ignored without a trusted proxy', async () => {
    const merchantId = gw.demo.merchant.id;
    const [kicc] = await gw.ctx.db.query<{ id: number }>("select id from channels where pg_id = 'T5102009'");
    const url = notifyUrl('kicc', merchantId, kicc!.id);
    const refused = await notify(url, '203.0.113.5');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.body, 'source not allowed');
    assert.ok(gw.logLines.some((l) => l.includes('source address not allowed') && l.includes('OPENIMP_KICC_NOTIFY_IPS')));
    const spoofed = await notify(url, '203.0.113.5', { 'x-forwarded-for': '198.51.100.7' });
    assert.equal(spoofed.statusCode, 403, 'X-Forwarded-For is not believed from an untrusted peer');
    for (const ip of ['198.51.100.7', '::ffff:198.51.100.200', '2001:db8::1']) {
      const heard = await notify(url, ip);
      assert.notEqual(heard.statusCode, 403, `${ip} is allowed`);
      assert.notEqual(heard.body, 'source not allowed');
    }
    const [sandboxKicc] = await gw.ctx.db.query<{ id: number }>("select id from channels where provider = 'kicc' and mode = 'sandbox' order by id limit 1");
    const sandbox = await notify(notifyUrl('kicc', merchantId, sandboxKicc!.id), '203.0.113.5');
    assert.notEqual(sandbox.statusCode, 403, 'sandbox channels do not check source addresses');
  });

  it('the CLI-facing use case refuses a credential the PG does not use', async () => {
    await assert.rejects(
      addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'kicc', pgId: 'T5102010', purpose: 'general', mode: 'test', credentials: { secret: 's', cpId: 'CP' } }),
      /kicc 채널은 cpId 값을 쓰지 않습니다/,
    );
  });
});

describe('notification sources behind a trusted proxy, with the PG documented addresses', () => {
  let gw: TestGateway;
  let url: string;
  const notify = (remoteAddress: string, forwardedFor?: string) =>
    gw.app.inject({ method: 'GET', url, remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

  before(async () => {
    gw = await startGateway('pglite', { demo, trustProxy: ['127.0.0.1', '10.20.0.0/16'] });
    const c = await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'paymentwall', pgId: 'pw_test_project', purpose: 'general', mode: 'test', credentials: { secret: 'pw-test-secret' } });
    url = `${notifyUrl('paymentwall', gw.demo.merchant.id, c.id)}&uid=x&type=0&ref=r1&sig=bad`;
  });
  after(async () => gw.close());

  it('believes X-Forwarded-For only from the proxies in OPENIMP_TRUST_PROXY and checks Paymentwall\'s documented pingback addresses', async () => {
    const fromPw = await notify('127.0.0.1', '216.127.71.9');
    assert.notEqual(fromPw.statusCode, 403, 'a Paymentwall address named by a trusted proxy gets to the signature check');
    assert.equal((await notify('10.20.3.4', '174.36.92.186')).statusCode === 403, false);
    assert.equal((await notify('127.0.0.1', '203.0.113.5')).statusCode, 403, 'not a Paymentwall address');
    assert.equal((await notify('192.0.2.1', '216.127.71.9')).statusCode, 403, 'X-Forwarded-For from an untrusted peer is ignored');
    assert.equal((await notify('216.127.71.10')).statusCode === 403, false, 'a direct pingback from Paymentwall');
  });
});
