/**
 * The PG-neutral sandbox controls over HTTP (src/sandbox/README.md "Controls"): a chosen outcome for a
 * merchant's next charges and a slow PG, through the gateway's REST extension and the fake PGs'
 * `/_control/` API, which answers only to the admin token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveUnknownAttempts } from '../../src/app/resolve-unknown-attempts.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

const PW = 'paymentwall.pw_demo_project';
/** Past the test gateway's PG timeout (2 s, test/support/gateway.ts). */
const SLOW_MS = 2300;
const buyer = { buyer_email: 'test@portone.io', buyer_name: 'Jack Son' };

for (const driver of testDrivers()) describe(`sandbox PG controls [${driver}]`, () => {
  let gw: TestGateway;
  let n = 0;
  before(async () => {
    gw = await startGateway(driver);
    // A Paymentwall billing key (Brick permanent token), issued through the sandbox window.
    const run = await throughSandboxWindow(gw, baseParams({ pg: PW, currency: 'USD', amount: 20, customer_uid: 'pw_ctl', ...buyer }), cardChoice('approve'));
    await returnFromPg(gw, run.impUid, run.back.fields);
    assert.equal((await gw.call('GET', '/subscribe/customers/pw_ctl')).body.code, 0);
  });
  after(async () => gw.close());

  const again = (over: Record<string, unknown> = {}) => gw.call('POST', '/subscribe/payments/again', {
    json: { customer_uid: 'pw_ctl', merchant_uid: `ctl_${driver}_${++n}`, amount: 10, currency: 'USD', browser_ip: '1.2.3.4', ...buyer, ...over },
  });
  const control = (method: string, path: string, body?: unknown, token: string | null = 'test-sandbox-admin-token') =>
    fetch(`${gw.sandboxUrl}/_control${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  it('a chosen decline makes again answer the V1 failure, once; the next charge is the card\'s again', async () => {
    const chosen = await gw.call('POST', '/sandbox-pg/outcome', { json: { pg: PW, kind: 'decline', reason: 'insufficient_funds' } });
    assert.equal(chosen.body.code, 0, chosen.raw);
    assert.deepEqual(chosen.body.response, { pg: PW, outcomes: [{ kind: 'decline', reason: 'insufficient_funds', remaining: 1 }] });
    const declined = await again();
    assert.equal(declined.body.code, 0, declined.raw);
    assert.equal(declined.body.response.status, 'failed');
    assert.match(declined.body.response.fail_reason, /\[3011\].*available balance/);
    assert.equal(gw.simulators.paymentwall.approvedCharges(declined.body.response.imp_uid), 0);
    assert.deepEqual((await gw.call('GET', '/sandbox-pg')).body.response.channels.find((c: { pg: string }) => c.pg === PW).outcomes, [], 'used up');
    const paid = await again();
    assert.equal(paid.body.response.status, 'paid', paid.raw);
  });

  it('a choice covers `count` charges and can be cleared; test and live channels are refused', async () => {
    await gw.call('POST', '/sandbox-pg/outcome', { json: { pg: PW, kind: 'decline', reason: 'limit_exceeded', count: 3 } });
    assert.equal((await again()).body.response.status, 'failed');
    const left = (await gw.call('GET', '/sandbox-pg')).body.response.channels.find((c: { pg: string }) => c.pg === PW);
    assert.deepEqual(left.outcomes, [{ kind: 'decline', reason: 'limit_exceeded', remaining: 2 }]);
    assert.deepEqual((await gw.call('POST', '/sandbox-pg/outcome/clear', { json: { pg: PW } })).body.response, { pg: PW, outcomes: [] });
    assert.equal((await again()).body.response.status, 'paid');
    const bad = await gw.call('POST', '/sandbox-pg/outcome', { json: { pg: PW, kind: 'decline', reason: 'rainy_day' } });
    assert.equal(bad.status, 400);
    await gw.ctx.db.query("update channels set mode = 'test' where provider = 'kicc' and pg_id = 'T5102001'");
    try {
      const refused = await gw.call('POST', '/sandbox-pg/outcome', { json: { pg: 'kicc.T5102001', kind: 'approve' } });
      assert.equal(refused.body.code, 1, refused.raw);
      assert.match(refused.body.message, /sandbox/);
    } finally {
      await gw.ctx.db.query("update channels set mode = 'sandbox' where provider = 'kicc' and pg_id = 'T5102001'");
    }
  });

  it('a chosen PG timeout: the PG approved, the answer came late; the status check finds the approval', async () => {
    await gw.call('POST', '/sandbox-pg/outcome', { json: { pg: PW, kind: 'pg_timeout' } });
    const r = await again();
    assert.equal(r.body.code, 0, r.raw);
    assert.equal(r.body.response.status, 'paid');
    assert.equal(gw.simulators.paymentwall.approvedCharges(r.body.response.imp_uid), 1);
  });

  it('a slow PG beyond the PG timeout: unknown (never guessed), settled later from the PG\'s books', async () => {
    const slow = await gw.call('POST', '/sandbox-pg/delay', { json: { pg: PW, delay_ms: SLOW_MS } });
    assert.deepEqual(slow.body.response, { pg_provider: 'paymentwall', delay_ms: SLOW_MS });
    const merchantUid = `ctl_slow_${driver}`;
    let r;
    try {
      r = await again({ merchant_uid: merchantUid });
    } finally {
      await gw.call('POST', '/sandbox-pg/delay', { json: { pg: PW, delay_ms: 0 } });
    }
    assert.equal(r.status, 500, r.raw);
    assert.equal(r.body.code, -1);
    const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
    assert.equal(pending.status, 'ready', 'an unknown outcome is not guessed');
    assert.equal(gw.simulators.paymentwall.approvedCharges(pending.imp_uid), 1, 'the slow PG did charge');
    assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
    assert.equal((await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response.status, 'paid');
  });

  it('the controls answer only to the admin token', async () => {
    for (const [method, path, body] of [
      ['PUT', '/paymentwall/outcomes/pw_demo_project', { kind: 'approve' }], ['GET', '/paymentwall/outcomes/pw_demo_project'],
      ['DELETE', '/paymentwall/outcomes/pw_demo_project'], ['PUT', '/paymentwall/behaviour', { delayMs: 50_000 }], ['GET', '/paymentwall/behaviour'],
    ] as const) {
      assert.equal((await control(method, path, body, null)).status, 401, `${method} ${path} without a token`);
      assert.equal((await control(method, path, body, 'wrong')).status, 401, `${method} ${path} with a wrong token`);
    }
    assert.deepEqual(await (await control('GET', '/paymentwall/behaviour')).json(), { delayMs: 0 }, 'nothing changed');
    assert.deepEqual(await (await control('GET', '/paymentwall/outcomes/pw_demo_project')).json(), { pgId: 'pw_demo_project', outcomes: [] });
    const orderChoice = await control('PUT', '/paymentwall/outcomes/pw_demo_project', { kind: 'invalid', orderId: 'imp_000000000001', count: 2 });
    assert.deepEqual(await orderChoice.json(), { pgId: 'pw_demo_project', orderId: 'imp_000000000001', kind: 'invalid', reason: null, remaining: 2 });
    assert.equal((await control('PUT', '/paymentwall/behaviour', { delayMs: -1 })).status, 400);
    assert.equal((await control('PUT', '/paymentwall/outcomes/pw_demo_project', { kind: 'approve', count: 0 })).status, 400);
    assert.deepEqual(await (await control('DELETE', '/paymentwall/outcomes/pw_demo_project')).json(), { pgId: 'pw_demo_project', cleared: 1 });
  });
});
