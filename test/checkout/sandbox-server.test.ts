/**
 * The fake PGs as a server of their own: its controls answer only to the admin token, and a sandbox
 * channel saved with its own secret is registered with its fake PG, so the window it signs with that
 * secret opens and pays (before, the fake PG only knew its documented sandbox key and refused it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel, pgStringOf } from '../../src/app/merchant-admin.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg, rspOf } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

for (const driver of testDrivers()) {
  describe(`sandbox server (${driver})`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(async () => { await gw.close(); });

    it('refuses its controls without the admin token, and changes nothing', async () => {
      const register = (auth?: string) => fetch(`${gw.sandboxUrl}/_control/jtnet/merchants/intruder01`, {
        method: 'PUT', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify({ secret: 'stolen' }),
      });
      for (const auth of [undefined, 'Bearer wrong-token', 'Basic dGVzdA==']) assert.equal((await register(auth)).status, 401, String(auth));
      const stats = await fetch(`${gw.sandboxUrl}/_control/jtnet/stats`);
      assert.equal(stats.status, 401);
      assert.equal(await gw.ctx.pg.sandbox!.approvedCharges('jtnet', 'nothing'), 0, 'the gateway, with the token, may ask');
    });

    it('serves each fake PG under its own prefix only', async () => {
      assert.equal((await fetch(`${gw.sandboxUrl}/nopg/api/cancel`, { method: 'POST' })).status, 404);
      // tPay's del_billkey with the published test MID's api_key: authenticated, and no such card_token.
      const r = await fetch(`${gw.sandboxUrl}/jtnet/api/v1/del_billkey`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ mid: 'tpaytest0m', api_key: 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==', card_token: 'none' }),
      });
      assert.equal((await r.json() as { result_cd: string }).result_cd, 'F301');
    });

    for (const [provider, pgId] of [['jtnet', 'own_mid_01'], ['kicc', 'T5199001']] as const) {
      it(`${provider}: a sandbox channel with its own secret signs its window and it opens and pays`, async () => {
        const c = await addChannel(gw.ctx, gw.demo.merchant.id, { provider, pgId, purpose: 'general', credentials: { secret: `own-secret-of-${pgId}` } });
        const run = await throughSandboxWindow(gw, baseParams({ pg: pgStringOf(c), amount: 1000 }), cardChoice('approve'));
        const rsp = rspOf(await returnFromPg(gw, run.impUid, run.back.fields));
        assert.equal(rsp.imp_success, true, JSON.stringify(rsp));
        const pay = (await gw.call('GET', `/payments/${run.impUid}`)).body.response;
        assert.deepEqual([pay.status, pay.pg_id], ['paid', pgId]);
      });
    }
  });
}
