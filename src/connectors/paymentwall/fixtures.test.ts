/**
 * Paymentwall's published samples replayed through the connector: the vendor's pingback test vectors
 * (paymentwall-node features/pingback.feature) with the documentation's Payment Status sample as the
 * answer to the lookup they cause, and the documented Brick charge object, Brick error, Cancellation
 * and Delivery answers (paymentwall.github.io `_apicode-curl/*.md`, integration/direct/brick/error-codes).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCredentials } from '../../core/channel.ts';
import type { ConnectorContext } from '../contract.ts';
import { windowRequest } from '../window-flow.case.ts';
import { paymentwall } from './index.ts';
import { toChargeResult, toTransactionStatus } from './map.ts';
import { pwSign } from './signature.ts';
import { brickAnswer, statusAnswer } from './wire.ts';

/** curl-tools-payment-status.md, "Sample Response" (subscription part left out). */
const statusSample = {
  object: 'payment', id: 't1234', created: 1490101573, amount: '100.00', currency: 'USD', refunded: false, risk: 'approved',
  uid: 'user40012', product_id: 'product_123', payment_system: 'gateway',
};
/** curl-brick-charge-object.md, "Sample charge object". */
const chargeSample = {
  amount: '9.99', amount_paid: '8.96', captured: false,
  card: { country: 'US', exp_month: '12', exp_year: '2019', last4: '9999', name: 'John Doe', token: '2857a8cefec761ef7cdb3f97abf4c7b1', type: 'Visa' },
  created: 1482314785, currency: 'USD', currency_paid: 'EUR', id: '104872652', object: 'charge', refunded: false, risk: 'approved', secure: false,
  support_link: 'https://api.paymentwall.com/api/account/email-viewer?...',
};
/** integration/direct/brick/error-codes, "Failed payment". */
const errorSample = { code: 3002, error: 'Wrong charge amount', type: 'Error' };

const DG = { project: 'c22f895840bf2391f67a40da64bfed26', secret: 'a7408723eaf4bfa2e3ac49b3cb695046' };

/** A PG that answers every request with one recorded answer, keeping what it was asked. */
function replaying(answer: unknown, status = 200) {
  const asked: Request[] = [];
  const ctx: ConnectorContext = {
    fetch: async (input, init) => { asked.push(new Request(input, init)); return Response.json(answer, { status }); },
    baseUrl: 'https://api.paymentwall.com', timeoutMs: 1000, channel: { mode: 'live', pgId: DG.project, ...noCredentials(), secret: DG.secret, apiKey: 'private_key', publicKey: 'public_key' },
  };
  return { ctx, asked };
}
const query = (q: string) => Object.fromEntries(new URLSearchParams(q));

describe('Paymentwall fixtures: published vectors and samples', () => {
  it('the DG v2 pingback vector is verified, then read back through the Payment Status API (signed request)', async () => {
    const { ctx, asked } = replaying({ ...statusSample, id: 't123', product_id: 'test_product' });
    const q = query('uid=test_user&goodsid=test_product&slength=5&speriod=month&type=0&ref=t123&is_test=1&sign_version=2&sig=754cff93c0eb859f6054bef143ad253c');
    const n = await paymentwall.window!.parseNotification(ctx, { body: '', contentType: null, query: q });
    assert.deepEqual(n, { kind: 'outcome', orderId: 'test_product', outcome: { kind: 'approved', pgTid: 't123', applyNum: null, card: null, receiptUrl: null, payMethod: 'card', bank: null, embPgProvider: null } });
    const lookup = new URL(asked[0]!.url);
    assert.equal(`${lookup.origin}${lookup.pathname}`, 'https://api.paymentwall.com/api/rest/payment');
    const p = Object.fromEntries(lookup.searchParams);
    assert.deepEqual([p.key, p.ref, p.sign_version], [DG.project, 't123', '3']);
    const { sign, ...signed } = p;
    assert.equal(sign, pwSign(signed, DG.secret, 3));
  });

  it('the DG negative v3 vector cancels the whole payment (reason 9, refund)', async () => {
    const { ctx } = replaying({ ...statusSample, id: 't123', product_id: 'test_product', refunded: true });
    const q = query('uid=test_user&goodsid=test_product&slength=-5&speriod=month&type=2&ref=t123&is_test=1&reason=9&sign_version=3&sig=2f67209c3e581313a70de9425efef49f35a74c0cdb7f93051b47e3c097011a71');
    assert.deepEqual(await paymentwall.window!.parseNotification(ctx, { body: '', contentType: null, query: q }), { kind: 'cancelled', orderId: 'test_product', pgCancelTid: 't123_2', amount: 10_000 });
  });

  it('a payment the status API reports for another product is not this order', async () => {
    const { ctx } = replaying(statusSample);
    const q = query('uid=test_user&goodsid=test_product&slength=5&speriod=month&type=0&ref=t123&is_test=1&sign_version=2&sig=754cff93c0eb859f6054bef143ad253c');
    assert.equal((await paymentwall.window!.parseNotification(ctx, { body: '', contentType: null, query: q })).kind, 'rejected');
  });

  it('the documented pingback example parses and names its order before verification', () => {
    const q = query('uid=pwuser&goodsid=gold_membership&slength=&speriod=&type=0&ref=b1493096790&sign_version=2&sig=d94b23ba8585f29978706dd1b153ead9');
    assert.equal(paymentwall.window!.orderOf!({ body: '', query: q }), 'gold_membership');
  });

  it('the Payment Status sample is an approval; the charge object sample is a paid charge with a permanent token', () => {
    assert.deepEqual(toTransactionStatus(statusAnswer.parse(statusSample)), { kind: 'approved', pgTid: 't1234', applyNum: null, card: null, receiptUrl: null, refunds: { total: 0, cancels: null } });
    const charge = brickAnswer.parse(chargeSample);
    assert.deepEqual(toChargeResult(charge, { minor: 999, currency: 'USD' }), {
      kind: 'approved', pgTid: '104872652', applyNum: null, card: { code: null, name: 'Visa', number: '************9999', type: null }, receiptUrl: null,
    });
    assert.throws(() => toChargeResult(charge, { minor: 1_000, currency: 'USD' }), /different amount/);
    assert.equal(!('type' in charge) && charge.card?.token, '2857a8cefec761ef7cdb3f97abf4c7b1');
  });

  it('the Brick error sample (a 4xx JSON body) is a decline with its code, never a success', async () => {
    const { ctx } = replaying(errorSample, 400);
    const r = await paymentwall.chargeBillingKey(ctx, {
      orderId: 'imp_1', merchantUid: 'm_1', amount: 999, currency: 'USD', taxFree: 0, cardQuota: 0, name: 'TestItem',
      buyer: { name: 'John Doe', email: 'user@host.com', tel: null, addr: null, postcode: null }, billingKey: '2857a8cefec761ef7cdb3f97abf4c7b1', browserIp: '203.0.113.7',
    });
    assert.deepEqual(r, { kind: 'declined', pgTid: null, pgCode: '3002', pgMessage: 'Wrong charge amount' });
  });

  it('sends the Brick charge as documented: X-ApiKey private key, form fields', async () => {
    const { ctx, asked } = replaying(chargeSample);
    await paymentwall.chargeBillingKey(ctx, {
      orderId: 'imp_1', merchantUid: 'm_1', amount: 999, currency: 'USD', taxFree: 0, cardQuota: 0, name: 'TestItem',
      buyer: { name: 'John Doe', email: 'user@host.com', tel: null, addr: null, postcode: null }, billingKey: '2857a8cefec761ef7cdb3f97abf4c7b1', browserIp: '203.0.113.7',
    });
    const req = asked[0]!;
    assert.equal(req.url, 'https://api.paymentwall.com/api/brick/charge');
    assert.equal(req.headers.get('x-apikey'), 'private_key');
    const f = Object.fromEntries(new URLSearchParams(await req.text()));
    assert.deepEqual([f.token, f.amount, f.currency, f.email, f.description, f.browser_ip, f['customer[firstname]'], f['customer[lastname]']],
      ['2857a8cefec761ef7cdb3f97abf4c7b1', '9.99', 'USD', 'user@host.com', 'TestItem', '203.0.113.7', 'John', 'Doe']);
  });

  it('a billing window on a live channel is Brick.js from the Paymentwall host with the public key; its token is charged with the attempt\'s email and store_card', async () => {
    const { ctx, asked } = replaying(chargeSample);
    const req = { ...windowRequest({ amount: 999, currency: 'USD', name: 'Gold Membership' }), billing: { customerUid: 'c_1', charge: true } };
    const start = await paymentwall.window!.start(ctx, req);
    assert.ok('hostedForm' in start, JSON.stringify(start));
    const f = start.hostedForm;
    assert.equal(f.script, 'https://api.paymentwall.com/brick/build/brick-default.1.5.0.min.js');
    assert.deepEqual(f.origins, ['https://api.paymentwall.com', 'https://pwgateway.com']);
    assert.deepEqual([f.config.public_key, f.config.amount, f.config.currency], ['public_key', '9.99', 'USD']);
    assert.match(f.boot, /new Brick\(\{public_key:c\.public_key,.*'default'\)/s);
    const proxied = await paymentwall.window!.start({ ...ctx, baseUrl: 'http://egress.internal:8080/pw' }, req);
    assert.ok('hostedForm' in proxied);
    assert.deepEqual([proxied.hostedForm.script, proxied.hostedForm.origins], ['http://egress.internal:8080/pw/brick/build/brick-default.1.5.0.min.js', ['http://egress.internal:8080']]);

    const out = await paymentwall.window!.complete(ctx, {
      orderId: 'imp_1', amount: 999, currency: 'USD', name: 'Gold Membership', buyer: { email: 'buyer@shop.example', name: 'John Doe' },
      returned: { brick_token: 'o_6da4e28d335c627003242fdd0a03a1d2', brick_fingerprint: 'slZbOOhPlyDQKkoyYBkKdJ7dpDslaCer', email: 'typed@elsewhere.example' },
    });
    assert.deepEqual([out.kind, out.kind === 'billing_key_issued' && out.billingKey, out.kind === 'billing_key_issued' && out.buyerEmail], ['billing_key_issued', '2857a8cefec761ef7cdb3f97abf4c7b1', 'buyer@shop.example']);
    const sent = Object.fromEntries(new URLSearchParams(await asked[0]!.text()));
    assert.deepEqual([sent.token, sent.fingerprint, sent.email, sent.store_card, sent.plan, sent.description, sent['customer[lastname]']],
      ['o_6da4e28d335c627003242fdd0a03a1d2', 'slZbOOhPlyDQKkoyYBkKdJ7dpDslaCer', 'buyer@shop.example', '1', 'imp_1', 'Gold Membership', 'Doe']);
    assert.match(sent.timestamp!, /^[0-9]{10}$/);
    assert.deepEqual(paymentwall.window!.hostedFormAnswer!({ kind: 'failed', code: '3012', message: 'Transaction was declined' }), { success: 0, error: { code: '3012', message: 'Transaction was declined' } });
  });

  it('the documented 3-D Secure answer ({"success":0,"secure":{formHTML}}) charges nothing: the window fails, never a success', async () => {
    const { ctx } = replaying({ success: 0, secure: { formHTML: '<div><form action="https://api.paymentwall.com/api/brick/secure-test-bank-page?public_key=t_a93Db6bffafdda5c57ab48296fdbba" method="POST"></form></div>' } });
    const out = await paymentwall.window!.complete(ctx, { orderId: 'imp_1', amount: 999, currency: 'USD', buyer: { email: 'buyer@shop.example', name: 'John Doe' }, returned: { brick_token: 'o_1', brick_fingerprint: 'fp' } });
    assert.deepEqual([out.kind, out.kind === 'declined' && out.pgCode], ['declined', '3ds']);
  });

  it('the Cancellation API sample {"result":1} is a pending ticket; the Delivery sample {"success":1} a confirmation', async () => {
    const ticket = replaying({ result: 1 });
    assert.deepEqual(await paymentwall.cancel(ticket.ctx, { orderId: 'imp_1', requestId: 'cncl_1', pgTid: 't1234', amount: 10_000, taxFree: 0, currency: 'USD', remaining: 10_000, reason: 'cancelled order', refund: null }), { kind: 'pending', ticket: 't1234' });
    const f = Object.fromEntries(new URLSearchParams(await ticket.asked[0]!.text()));
    assert.deepEqual([new URL(ticket.asked[0]!.url).pathname, f.key, f.ref, f.type, f.message, f.sign_version], ['/developers/api/ticket', DG.project, 't1234', '1', 'cancelled order', '3']);
    const delivery = replaying({ success: 1 });
    const r = await paymentwall.confirmDelivery!(delivery.ctx, {
      pgTid: 'b111260108', merchantUid: 'order_12345', type: 'digital', status: 'delivered', estimatedDelivery: 1_484_474_695, estimatedUpdate: 1_484_561_095,
      refundable: false, email: 'test@paymentwall.com', reason: null, details: null, carrierTrackingId: null, carrierType: null, shipping: null,
    });
    assert.deepEqual(r, { kind: 'confirmed' });
    assert.equal(delivery.asked[0]!.headers.get('x-apikey'), DG.secret, 'the Delivery API takes the secret key');
    const d = Object.fromEntries(new URLSearchParams(await delivery.asked[0]!.text()));
    assert.deepEqual([d.payment_id, d.merchant_reference_id, d.estimated_delivery_datetime, d['shipping_address[email]'], d.is_test], ['b111260108', 'order_12345', '2017/01/15 10:04:55 +0000', 'test@paymentwall.com', undefined]);
  });

  it('unparsable answers and unknown lookup errors are unknown outcomes, never successes', async () => {
    const garbage: ConnectorContext = { ...replaying({}).ctx, fetch: async () => new Response('<html>oops</html>', { status: 200 }) };
    await assert.rejects(paymentwall.getTransaction(garbage, { orderId: 'imp_1' }), /non-JSON/);
    await assert.rejects(paymentwall.getTransaction(replaying({ type: 'Error', code: 4007, error: 'API key is invalid' }, 401).ctx, { orderId: 'imp_1' }), /error 4007/);
    assert.deepEqual(await paymentwall.getTransaction(replaying({ type: 'Error', code: 3000, error: 'Charge not found.' }, 404).ctx, { orderId: 'imp_1' }), { kind: 'not_found' });
    const slow: ConnectorContext = { ...replaying({}).ctx, timeoutMs: 50, fetch: (_i, init) => new Promise((_r, reject) => {
      // A PG that never answers; the held timer keeps the test alive until the connector gives up.
      const held = setTimeout(() => reject(new Error('never answered')), 2_000);
      init?.signal?.addEventListener('abort', () => { clearTimeout(held); reject(new Error('aborted')); });
    }) };
    await assert.rejects(paymentwall.getTransaction(slow, { orderId: 'imp_1' }), /did not answer/);
  });
});
