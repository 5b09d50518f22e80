/**
 * A gateway behind a reverse proxy under a path (`OPENIMP_PUBLIC_URL=http://openimp.test/pay`) hears
 * every fake PG's notifications there, on every test database driver:
 *  - KICC takes its webhook URL in its admin console, not per request: the gateway registers
 *    `{public URL}/pg/kicc/notify` with the fake KICC for every sandbox channel, so a window vbank's
 *    deposit notice reaches `/pay/pg/kicc/notify` (the fake used to fall back to the return URL's
 *    origin and lost `/pay`), and the gateway finds the channel by the order, REST-issued vbanks too;
 *  - PAYCO and JTNet take the notification URL with each request (`nonBankbookDepositInformUrl`,
 *    `retryUrl`): their deposit notices reach it with the prefix too;
 *  - Paymentwall sends a project's pingbacks to the Pingback URL of its settings unless a widget call
 *    names `pingback_url`: the gateway registers it, so the fake opens a widget without one.
 * `openimp.test` does not resolve: a notification sent anywhere but through the public URL fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pwSign } from '../../src/connectors/paymentwall/signature.ts';
import type { Provider } from '../../src/core/payment.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

const PUBLIC_URL = 'http://openimp.test/pay';

for (const driver of testDrivers()) {
  describe(`PG notifications behind a path prefix (${driver})`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, { publicUrl: PUBLIC_URL }); });
    after(async () => gw.close());

    for (const pg of ['kicc', 'payco', 'jtnet'] satisfies Provider[]) {
      it(`${pg}: a window vbank's deposit notice reaches ${PUBLIC_URL}/pg/${pg}/notify and pays it`, async () => {
        const run = await throughSandboxWindow(gw, baseParams({ pg, pay_method: 'vbank', merchant_uid: `prefix_${pg}_${driver}` }), cardChoice('approve', { method: 'vbank', bank: '004' }));
        await returnFromPg(gw, run.impUid, run.back.fields);
        assert.equal((await gw.call('GET', `/payments/${run.impUid}`)).body.response.status, 'ready');
        const paid = await gw.call('POST', `/vbanks/${run.impUid}/sandbox-deposit`);
        assert.equal(paid.body.code, 0, paid.raw);
        assert.equal(paid.body.response.status, 'paid');
      });
    }

    it('kicc: a REST vbank (no checkout session) is found by its order at the one webhook URL and paid', async () => {
      const issued = await gw.call('POST', '/vbanks', { json: { merchant_uid: `prefix_rest_${driver}`, amount: 21000, vbank_code: '004', vbank_due: Math.floor(Date.now() / 1000) + 86400, pg: 'kicc' } });
      assert.equal(issued.body.code, 0, issued.raw);
      const paid = await gw.call('POST', `/vbanks/${issued.body.response.imp_uid}/sandbox-deposit`);
      assert.equal(paid.body.code, 0, paid.raw);
      assert.equal(paid.body.response.status, 'paid');
    });

    it('paymentwall: a widget call without pingback_url opens for a project with a registered Pingback URL only', async () => {
      const widget = (key: string) => {
        const p: Record<string, string> = {
          key, uid: 'buyer_1', widget: 'pw_1', email: 'buyer@example.com', ps: 'all', timestamp: '1700000000', ag_external_id: 'imp_prefix_pw',
          ag_name: '주문', ag_type: 'fixed', amount: '1000', currencyCode: 'KRW', success_url: 'https://shop.example/ok', sign_version: '2',
        };
        // The demo channel's secret; a project the gateway never registered checks the fake's demo secret, which is the same.
        return fetch(`${gw.sandboxUrl}/paymentwall/api/subscription?${new URLSearchParams({ ...p, sign: pwSign(p, 'pw_demo_secret', 2) })}`);
      };
      const registered = await widget('pw_demo_project');
      assert.equal(registered.status, 200);
      assert.doesNotMatch(await registered.text(), /pingback_url/);
      const unknown = await (await widget('pw_unregistered_project')).text();
      assert.match(unknown, /pingback_url/, 'no Pingback URL of its own, none in the call: refused');
    });
  });
}
