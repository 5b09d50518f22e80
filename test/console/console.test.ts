/** The console over HTTP (fastify.inject): sessions, CSRF, rate limits, escaping, validation, refunds. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../support/cards.ts';
import type { TestGateway } from '../support/gateway.ts';
import { secondMerchant } from '../support/merchant.ts';
import { CONSOLE_EMAIL, CONSOLE_PASSWORD, ConsoleClient, startConsoleGateway } from './support.ts';
import { createConsoleUser } from '../../src/app/console-users.ts';

describe('merchant console over HTTP', () => {
  let gw: TestGateway;
  let c: ConsoleClient;
  let paid: string;

  before(async () => {
    gw = await startConsoleGateway('pglite');
    c = new ConsoleClient(gw);
    const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'order_xss', amount: 10000, name: '<script>alert(1)</script>', buyer_name: '"><img src=x onerror=alert(1)>', ...card('approveShinhan') } });
    assert.equal(r.body.code, 0, JSON.stringify(r.body));
    paid = r.body.response.imp_uid;
  });
  after(async () => gw.close());

  it('creates the demo console user at first start and reports it in DemoMerchant.consoleUser', () => {
    assert.deepEqual(gw.demo.consoleUser, { email: CONSOLE_EMAIL, password: CONSOLE_PASSWORD });
  });

  it('redirects to sign-in without a session, and rejects a wrong password with 401', async () => {
    const r = await c.get('/console/payments');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/console/login?next=%2Fconsole%2Fpayments');
    const bad = await c.signIn(CONSOLE_EMAIL, 'not-the-password');
    assert.equal(bad.status, 401);
    assert.equal(c.jar.has('openimp_console'), false);
  });

  it('signs in with an httpOnly, SameSite=Strict session cookie whose id is stored only hashed', async () => {
    const r = await c.signIn();
    assert.equal(r.status, 303);
    assert.equal(r.location, '/console/dashboard');
    const cookie = r.setCookie.find((s) => s.startsWith('openimp_console='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/console/);
    const id = c.jar.get('openimp_console')!;
    const rows = await gw.ctx.db.query<{ id_hash: string }>('select id_hash from console_sessions');
    assert.ok(rows.length >= 1 && rows.every((x) => x.id_hash !== id && /^[0-9a-f]{64}$/.test(x.id_hash)));
    const page = await c.get('/console/dashboard');
    assert.equal(page.status, 200);
    assert.match(page.body, /<a class="skip" href="#main">/);
  });

  it('refuses a form without the CSRF token, or from another origin, and changes nothing', async () => {
    await c.get('/console/keys');
    const before = (await gw.ctx.db.query('select imp_key from api_keys')).length;
    const none = await c.post('/console/keys', { label: 'x' }, { csrf: null });
    assert.equal(none.status, 403);
    const wrong = await c.post('/console/keys', { label: 'x' }, { csrf: 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    const cross = await c.post('/console/keys', { label: 'x' }, { headers: { origin: 'https://evil.example' } });
    assert.equal(cross.status, 403);
    assert.equal((await gw.ctx.db.query('select imp_key from api_keys')).length, before);
  });

  it('escapes everything it renders', async () => {
    const r = await c.get(`/console/payments/${paid}`);
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.body, /<script>alert\(1\)<\/script>/);
    assert.match(r.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(r.body, /<img src=x/);
  });

  it('refunds through the cancel use case: partial, over-balance refused unchanged, stale page refused, then the rest', async () => {
    await c.get(`/console/payments/${paid}`);
    const partial = await c.post(`/console/payments/${paid}/refund`, { amount: '3000', reason: 'partial', checksum: '10000' });
    assert.equal(partial.status, 303);
    assert.equal((await gw.call('GET', `/payments/${paid}`)).body.response.cancel_amount, 3000);
    const over = await c.post(`/console/payments/${paid}/refund`, { amount: '8000', reason: 'too much', checksum: '7000' });
    assert.equal(over.status, 400);
    const stale = await c.post(`/console/payments/${paid}/refund`, { amount: '1000', reason: 'stale page', checksum: '10000' });
    assert.equal(stale.status, 400, 'the balance the page showed is checked (no double refund on resubmit)');
    const noReason = await c.post(`/console/payments/${paid}/refund`, { amount: '1000', checksum: '7000' });
    assert.equal(noReason.status, 400);
    const text = await c.post(`/console/payments/${paid}/refund`, { amount: '1,000', reason: 'text', checksum: '7000' });
    assert.equal(text.status, 400);
    assert.equal((await gw.call('GET', `/payments/${paid}`)).body.response.cancel_amount, 3000);
    const rest = await c.post(`/console/payments/${paid}/refund`, { amount: '', reason: 'the rest', checksum: '7000' });
    assert.equal(rest.status, 303);
    const p = (await gw.call('GET', `/payments/${paid}`)).body.response;
    assert.equal(p.status, 'cancelled');
    assert.equal(p.cancel_amount, 10000);
  });

  it('validates channels per PG: PAYCO has no API key-in, Paymentwall needs its secret, MIDs are checked', async () => {
    await c.get('/console/channels/new?provider=payco');
    const count = async () => (await gw.ctx.db.query('select id from channels')).length;
    const n = await count();
    assert.equal((await c.post('/console/channels/new?provider=payco', { pg_id: 'MID1', purpose: 'api', mode: 'sandbox', enabled: '1' })).status, 400);
    assert.equal((await c.post('/console/channels/new?provider=paymentwall', { pg_id: 'proj', purpose: 'general', mode: 'sandbox', enabled: '1' })).status, 400);
    assert.equal((await c.post('/console/channels/new?provider=kicc', { pg_id: 'bad.mid', purpose: 'general', mode: 'sandbox', enabled: '1' })).status, 400);
    assert.equal(await count(), n);
    const ok = await c.post('/console/channels/new?provider=paymentwall', { pg_id: 'proj_live', secret: 'pw-secret-value', purpose: 'general', mode: 'live', enabled: '1' });
    assert.equal(ok.status, 303);
    const list = await c.get('/console/channels');
    assert.match(list.body, /<code class="pg">paymentwall\.proj_live<\/code>/);
    assert.doesNotMatch(list.body, /pw-secret-value/);
    const [row] = await gw.ctx.db.query<{ secret_enc: string; mode: string }>("select secret_enc, mode from channels where pg_id = 'proj_live'");
    assert.equal(row!.mode, 'live');
    assert.doesNotMatch(row!.secret_enc, /pw-secret-value/);
    // The Pingback URL an operator enters in the Paymentwall project; PGs that name the channel in the URL show none.
    const [pw] = await gw.ctx.db.query<{ id: number }>("select id from channels where pg_id = 'proj_live'");
    const edit = await c.get(`/console/channels/${pw!.id}`);
    assert.match(edit.body, /<input type="text" id="notify_url" readonly value="https?:\/\/[^"]+\/pg\/paymentwall\/notify"/);
    assert.doesNotMatch((await c.get('/console/channels/new?provider=kicc')).body, /notify_url/);
  });

  it('rejects a bad notification URL and saves a good one', async () => {
    await c.get('/console/webhooks');
    assert.equal((await c.post('/console/webhooks/url', { webhook_url: 'javascript:alert(1)' })).status, 400);
    assert.equal((await c.post('/console/webhooks/url', { webhook_url: 'https://shop.example/hook' })).status, 303);
    assert.match((await c.get('/console/webhooks')).body, /value="https:\/\/shop.example\/hook"/);
  });

  it('keeps language choice in a cookie and never redirects off the console', async () => {
    const r = await c.get('/console/lang?to=en&back=https://evil.example/');
    assert.equal(r.location, '/console/dashboard');
    const en = await c.get('/console/dashboard');
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /<h1>Dashboard<\/h1>/);
    const back = await c.get('/console/lang?to=ko&back=%2Fconsole%2Fpayments');
    assert.equal(back.location, '/console/payments');
  });

  it('revokes a schedule through the unschedule use case; the test clock refuses a merchant with a live channel', async () => {
    await gw.call('POST', '/subscribe/customers/cust_c1', { json: { ...card('approveHyundai') } });
    const s = await gw.call('POST', '/subscribe/payments/schedule', { json: { customer_uid: 'cust_c1', schedules: [{ merchant_uid: 'sch_c1', schedule_at: gw.ctx.now() + 7200, amount: 5000 }] } });
    assert.equal(s.body.code, 0, JSON.stringify(s.body));
    const list = await c.get('/console/schedules');
    assert.match(list.body, /sch_c1/);
    const r = await c.post('/console/schedules/sch_c1/revoke');
    assert.equal(r.status, 303);
    assert.equal((await gw.call('GET', '/subscribe/payments/schedule/sch_c1')).body.response.schedule_status, 'revoked');
    await c.get('/console/sandbox');
    const clock = await c.post('/console/sandbox/clock/advance', { seconds: '3600' });
    assert.equal(clock.status, 400, 'the paymentwall live channel added above makes this a live merchant');
  });

  it('the sandbox page deposits into a vbank through the fake PG that issued it (its deposit notification makes it paid)', async () => {
    const v = await gw.call('POST', '/vbanks', { json: { merchant_uid: 'vb_console', amount: 7000, vbank_code: '088', vbank_due: gw.ctx.now() + 86400, pg: 'payco' } });
    assert.equal(v.body.code, 0, v.raw);
    const impUid = v.body.response.imp_uid as string;
    await c.get('/console/sandbox');
    const r = await c.post(`/console/sandbox/vbank/${impUid}/deposit`);
    assert.equal(r.status, 303, r.body);
    assert.equal((await gw.call('GET', `/payments/${impUid}`)).body.response.status, 'paid');
    assert.equal(gw.simulators.payco.approvedCharges(impUid), 1, 'the fake PAYCO took the deposit');
  });

  it('the sandbox page chooses the next charge\'s outcome and a slow PG at the fake PG, and clears them', async () => {
    const page = await c.get('/console/sandbox');
    assert.match(page.body, /PG 결과 지정/);
    const r = await c.post('/console/sandbox/pg/outcome', { pg: 'paymentwall.pw_demo_project', outcome: 'decline:lost_or_stolen', count: '2' });
    assert.equal(r.status, 303, r.body);
    assert.deepEqual(await gw.ctx.pg.sandbox!.chosenOutcomes('paymentwall', 'pw_demo_project'), [{ orderId: null, outcome: { kind: 'decline', reason: 'lost_or_stolen' }, remaining: 2 }]);
    assert.match((await c.get('/console/sandbox')).body, /거절: 분실\/도난카드 \(2건 남음\)/);
    assert.equal((await c.post('/console/sandbox/pg/outcome', { pg: 'paymentwall.pw_demo_project', outcome: 'decline:sunny', count: '1' })).status, 400);
    assert.equal((await c.post('/console/sandbox/pg/outcome/clear', { pg: 'paymentwall.pw_demo_project' })).status, 303);
    assert.deepEqual(await gw.ctx.pg.sandbox!.chosenOutcomes('paymentwall', 'pw_demo_project'), []);
    assert.equal((await c.post('/console/sandbox/pg/delay', { pg: 'kicc.T5102001', delay_ms: '1500' })).status, 303);
    assert.deepEqual(await gw.ctx.pg.sandbox!.behaviour('kicc'), { delayMs: 1500 });
    assert.match((await c.get('/console/sandbox')).body, /1500 ms/);
    assert.equal((await c.post('/console/sandbox/pg/delay', { pg: 'kicc.T5102001', delay_ms: '0' })).status, 303);
    assert.deepEqual(await gw.ctx.pg.sandbox!.behaviour('kicc'), { delayMs: 0 });
  });

  it("revoking another merchant's key says nothing was revoked, and leaves that key working (issue #13.9)", async () => {
    const other = await secondMerchant(gw);
    const [key] = await gw.ctx.db.query<{ imp_key: string }>('select imp_key from api_keys where merchant_id = $1', [other.merchantId]);
    await c.get('/console/keys');
    const r = await c.post(`/console/keys/${encodeURIComponent(key!.imp_key)}/revoke`);
    assert.equal(r.status, 400);
    assert.match(r.body, /아무 키도 폐기하지 않았습니다/);
    assert.doesNotMatch(r.body, /API 키를 폐기했습니다/);
    assert.equal((await gw.call('GET', '/payments/status/all', { token: other.token })).status, 200, "the other merchant's key still works");
    const mine = await c.post('/console/keys/not_a_key/revoke');
    assert.equal(mine.status, 400, 'an unknown key is not "revoked" either');
  });

  it('a body it cannot read (content type, malformed JSON, NUL bytes) is a 4xx page that echoes nothing (issue #13.3)', async () => {
    await c.get('/console/keys');
    const send = (type: string, payload: string) => gw.app.inject({ method: 'POST', url: '/console/keys', payload, headers: { cookie: c.cookieHeader(), 'content-type': type, origin: 'http://localhost:80', host: 'localhost:80' } });
    for (const [type, payload, status] of [['application/xml', '<label>ECHO_ME</label>', 415], ['application/json', '{"label": "ECHO_ME"', 400], ['application/json', '{"label": "ECHO_ME\\u0000"}', 400], ['application/x-www-form-urlencoded', 'label=ECHO_ME%00', 400]] as const) {
      const r = await send(type, payload);
      assert.equal(r.statusCode, status, `${type} ${payload}: ${r.body.slice(0, 200)}`);
      assert.match(String(r.headers['content-type']), /^text\/html/);
      assert.ok(!r.body.includes('ECHO_ME'), `${type}: the input is not echoed`);
    }
    const login = await gw.app.inject({ method: 'POST', url: '/console/login', payload: '{bad', headers: { 'content-type': 'application/json' } });
    assert.equal(login.statusCode, 400);
  });

  it('signs out: the old session id no longer works', async () => {
    const id = c.jar.get('openimp_console')!;
    await c.get('/console/dashboard');
    const r = await c.post('/console/logout');
    assert.equal(r.status, 303);
    const stale = new ConsoleClient(gw);
    stale.jar.set('openimp_console', id);
    assert.equal((await stale.get('/console/dashboard')).status, 303);
  });

  it('rate-limits sign-in per (account, address): after 5 failures that address waits, even with the right password; nobody else is locked out', async () => {
    const x = new ConsoleClient(gw, '10.9.9.9');
    for (let i = 0; i < 5; i++) assert.equal((await x.signIn(CONSOLE_EMAIL, `wrong-${i}-password`)).status, 401);
    const locked = await x.signIn();
    assert.equal(locked.status, 429);
    assert.match(locked.body, /로그인 시도가 너무 많습니다|Too many sign-in attempts/);
    const other = new ConsoleClient(gw, '10.9.9.10');
    assert.equal((await other.signIn()).status, 303, 'the real user from another address signs in');
    await createConsoleUser(gw.ctx, gw.demo.merchant.id, 'colleague@openimp.local', 'colleague-password');
    const colleague = new ConsoleClient(gw, '10.9.9.9');
    assert.equal((await colleague.signIn('colleague@openimp.local', 'colleague-password')).status, 303, 'another user behind the guessing address signs in');
  });

  it('never logs the password or the session id', () => {
    const log = gw.logLines.join('');
    assert.doesNotMatch(log, new RegExp(CONSOLE_PASSWORD));
    for (const id of c.jar.values()) assert.ok(!log.includes(id));
  });
});
