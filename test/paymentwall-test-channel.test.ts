/**
 * A Paymentwall **test** channel end to end, with Paymentwall's host replaced by a recording server
 * (OPENIMP_PAYMENTWALL_URL) that answers as Paymentwall's Payment Status API would: the widget call goes
 * to that host signed with the channel's own secret (checked with the vendor's npm library), a pingback
 * is heard only from the configured source addresses, and the one that is heard is read back from the
 * status API before the payment becomes paid (`sandbox: false`).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { pwSign } from '../src/connectors/paymentwall/signature.ts';
import { upsertBillingKey } from '../src/storage/billing-keys.ts';
import { baseParams, rspOf, startPay } from './checkout/checkout-driver.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';
import { startRecordingPg, type RecordingPg } from './support/recording-pg.ts';

const SECRET = 'pw-test-secret-SENTINEL';
const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The start page's auto-submitted form to the PG window (pages/checkout-views.ts). */
function pgForm(html: string): { action: string; hidden: Record<string, string> } {
  const action = /<form id="pg" method="get" action="([^"]+)"/.exec(html);
  assert.ok(action, html.slice(0, 600));
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]));
  return { action: unescape(action[1]!), hidden };
}
const PINGBACK_FROM = '198.51.100.7';
const require = createRequire(import.meta.url);
let vendor: { calculateSignature(p: object, s: string, v: number): string } | null = null;
try { vendor = require('paymentwall/lib/Signature/Widget.js'); } catch { vendor = null; }

describe('a Paymentwall test channel against its (recorded) host', () => {
  let gw: TestGateway;
  let rec: RecordingPg;
  const payments = new Map<string, { imp: string; amount: string }>(); // ref -> what the stand-in Paymentwall charged

  before(async () => {
    rec = await startRecordingPg();
    gw = await startGateway('pglite', {
      demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
      pgOverrides: (p) => ({ url: p === 'paymentwall' ? rec.url : null, notifyIps: p === 'paymentwall' ? [PINGBACK_FROM] : null }),
    });
    await addChannel(gw.ctx, gw.demo.merchant.id, { provider: 'paymentwall', pgId: 'pw_test_project', purpose: 'general', mode: 'test', credentials: { secret: SECRET } });
    // Paymentwall's Payment Status API, as documented: signed requests only.
    rec.relay = async (r) => {
      const u = new URL(r.url, rec.url);
      const q = Object.fromEntries(u.searchParams);
      const { sign, ...signed } = q;
      if (u.pathname !== '/api/rest/payment' || sign !== pwSign(signed, SECRET, 3)) return Response.json({ type: 'Error', code: 3001, error: 'Permission denied' }, { status: 403 });
      const p = payments.get(q.ref ?? '');
      if (!p) return Response.json({ type: 'Error', code: 3000, error: 'Charge not found.' }, { status: 404 });
      return Response.json({ object: 'payment', id: q.ref, created: 1, amount: p.amount, currency: 'USD', refunded: false, risk: 'approved', uid: p.imp, product_id: p.imp, payment_system: 'cc' });
    };
  });
  after(async () => { await gw.close(); await rec.close(); });

  const pingback = (imp: string, ref: string, from: string) => {
    const f = { uid: imp, goodsid: imp, slength: '', speriod: '', type: '0', ref, sign_version: '3' };
    const query = new URLSearchParams({ ...f, sig: pwSign(f, SECRET, 3) });
    return gw.app.inject({ method: 'GET', url: `/pg/paymentwall/notify?${query}`, remoteAddress: from });
  };

  it('opens the widget at the PG host signed with the channel secret; a pingback from the PG\'s address, read back, makes it paid', async () => {
    const start = await startPay(gw, baseParams({ pg: 'paymentwall.pw_test_project', currency: 'USD', amount: 20, buyer_name: 'Jack Son', buyer_email: 'test@portone.io' }));
    const form = pgForm(start.body);
    assert.equal(form.action, `${rec.url}/api/subscription`);
    const imp = form.hidden.ag_external_id!;
    assert.match(imp, /^imp_\d{12}$/);
    assert.equal(form.hidden.key, 'pw_test_project');
    const { sign, ...fields } = form.hidden;
    if (vendor) {
      const nested = { ...Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('customer['))), customer: { firstname: fields['customer[firstname]'], lastname: fields['customer[lastname]'] } };
      assert.equal(sign, vendor.calculateSignature(nested, SECRET, 3), 'the vendor library computes the same widget signature');
    }
    assert.match(form.hidden.pingback_url!, /\/pg\/paymentwall\/notify$/);

    payments.set('b1234567890', { imp, amount: '20.00' });
    const denied = await pingback(imp, 'b1234567890', '203.0.113.5');
    assert.equal(denied.statusCode, 403);
    assert.equal((await gw.call('GET', `/payments/${imp}`)).body.response.status, 'ready');
    const unknownRef = await pingback(imp, 'b0000000000', PINGBACK_FROM);
    assert.equal(unknownRef.statusCode, 400);
    assert.equal((await gw.call('GET', `/payments/${imp}`)).body.response.status, 'ready');

    const heard = await pingback(imp, 'b1234567890', PINGBACK_FROM);
    assert.deepEqual([heard.statusCode, heard.body], [200, 'OK']);
    const pay = (await gw.call('GET', `/payments/${imp}`)).body.response;
    assert.deepEqual([pay.status, pay.pg_tid, pay.amount, pay.sandbox], ['paid', 'b1234567890', 20, false], JSON.stringify(pay));
    assert.ok(rec.received.some((r) => r.url.startsWith('/api/rest/payment?') && r.url.includes('ref=b1234567890')));
    assert.ok(!gw.logLines.some((l) => l.includes(SECRET)), 'the secret never reaches the log');
  });

  it('billing on a test channel without Brick keys: no billing window, and again is a clear V1 refusal before anything is claimed or sent', async () => {
    const start = await startPay(gw, baseParams({ pg: 'paymentwall.pw_test_project', currency: 'USD', amount: 20, buyer_name: 'Jack Son', buyer_email: 'test@portone.io', customer_uid: 'pw_nokeys' }));
    const rsp = rspOf(start);
    assert.equal(rsp.error_code, 'F1004', 'the Brick page needs the Brick keys (test/paymentwall-brick.test.ts has the channel with them)');
    assert.match(String(rsp.error_msg), /Brick Public key, Brick Private key/);
    const channel = (await gw.ctx.db.query<{ id: number }>("select id from channels where pg_id = 'pw_test_project'"))[0]!;
    await upsertBillingKey(gw.ctx.db, {
      merchantId: gw.demo.merchant.id, customerUid: 'pw_nokeys', channelId: channel.id, pgProvider: 'paymentwall', pgId: 'pw_test_project', sandbox: false,
      pgBillingKeyEnc: gw.ctx.box.seal('tok_permanent'), customerId: null, cardName: null, cardCode: null, cardNumber: null, cardType: null, customerName: 'Jack Son',
      customerTel: null, customerEmail: 'test@portone.io', customerAddr: null, customerPostcode: null, inserted: gw.ctx.now(), updated: gw.ctx.now(),
    });
    const sent = rec.received.length;
    const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'pw_nokeys', merchant_uid: 'pw_nokeys_1', amount: 10, currency: 'USD', buyer_email: 'test@portone.io', browser_ip: '1.2.3.4' } });
    assert.equal(again.status, 200, again.raw);
    assert.equal(again.body.code, 1);
    assert.match(again.body.message, /Brick Private key 값이 없어 빌링키 결제에 쓸 수 없습니다/);
    assert.equal((await gw.call('GET', '/payments/find/pw_nokeys_1')).status, 404, 'nothing claimed');
    assert.equal(rec.received.length, sent, 'Paymentwall was not asked');
  });
});
