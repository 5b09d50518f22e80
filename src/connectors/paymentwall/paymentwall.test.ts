import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxChannel, type ConnectorContext, type WindowRequest } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { sleep } from '../../sandbox/simulator.ts';
import { serveSimulator } from '../../sandbox/http-server.ts';
import { cardInputs, notificationSink, openWindow, runWindow, windowRequest, windowStart } from '../window-flow.case.ts';
import { paymentwall } from './index.ts';
import { billingWindow, pingbackOf, seedThroughBrick } from './seed.case.ts';
import { pwSign } from './signature.ts';
import { createPaymentwallSimulator } from '../../sandbox/paymentwall/simulator.ts';

const now = () => 1_750_000_000;
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = sandboxChannel('t_demo_project', { secret: 'pw_demo_secret' });
const w = paymentwall.window!;
const sink = notificationSink();
const store = createMemoryStore();
const sim = createPaymentwallSimulator({ store, now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const ctx: ConnectorContext = { fetch: inProcessFetch(sim), baseUrl: 'http://openimp.test/sandbox/paymentwall', timeoutMs: TIMEOUT_MS, channel };

runConnectorContract({ name: 'paymentwall in-process', connector: paymentwall, makeContext: () => ctx, approvedCharges: sim.approvedCharges, seedBillingKey: seedThroughBrick });
const remoteSim = createPaymentwallSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2, notify: notificationSink().notify });
// No top-level await: with --test-force-exit (scripts/test.mjs) the suites registered after one never ran.
let server: Awaited<ReturnType<typeof serveSimulator>>;
before(async () => { server = await serveSimulator(remoteSim); });
after(() => server.close());
runConnectorContract({
  name: 'paymentwall over HTTP', connector: paymentwall, approvedCharges: remoteSim.approvedCharges, seedBillingKey: seedThroughBrick,
  makeContext: () => ({ fetch, baseUrl: `${server.url}/base/sandbox/paymentwall`, timeoutMs: TIMEOUT_MS, channel }),
});

async function pay(req: WindowRequest, inputs: Record<string, string> = cardInputs(cardOf('approveShinhan'))) {
  const back = await runWindow(ctx.fetch, w.start(ctx, req), inputs);
  assert.equal(back.method, 'GET');
  return { back, outcome: await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: req.amount, currency: req.currency }) };
}
const lastPingback = (orderId: string) => [...sink.received].reverse().find((n) => new URL(n.url).searchParams.get('goodsid') === orderId)!;
const pingbackQuery = (orderId: string) => Object.fromEntries(new URL(lastPingback(orderId).url).searchParams);
const parse = (c: ConnectorContext, query: Record<string, string>) => w.parseNotification(c, { body: '', contentType: null, query });

describe('paymentwall widget', () => {
  it('shows the methods the widget parameters allow', async () => {
    const html = async (options: Record<string, unknown>) => {
      const page = await openWindow(ctx.fetch, w.start(ctx, windowRequest({ options })));
      return { status: page.status, html: page.html };
    };
    const kr = await html({});
    assert.ok(kr.html.includes('widget pw_1') && kr.html.includes('KakaoPay') && kr.html.includes('신용카드'));
    assert.ok((await html({ bypass: { widget_code: 't3_1' } })).html.includes('Terminal3 widget t3_1'));
    const de = await html({ bypass: { country_code: 'DE' } });
    assert.ok(de.html.includes('Sofort') && !de.html.includes('KakaoPay'));
    const kakao = await html({ bypass: { ps: 'kakaopaykr' } });
    assert.ok(kakao.html.includes('KakaoPay') && !kakao.html.includes('신용카드'));
    // A project that is not live needs both use_test_method (test_mode=1) and ps "test" (SEED 004).
    assert.equal((await html({ bypass: { ps: 'test' } })).status, 400);
    assert.ok(!(await html({ use_test_method: true })).html.includes('Test method'));
    assert.ok((await html({ use_test_method: true, bypass: { ps: 'test' } })).html.includes('Test method'));
  });

  it('sends the documented widget call, signed with version 3', async () => {
    const req = windowRequest({ amount: 2_050, currency: 'USD', options: { use_test_method: true, bypass: { ps: 'test', country_code: 'de' } } });
    const start = await windowStart(w.start(ctx, req));
    assert.equal(new URL(start.url).pathname, '/sandbox/paymentwall/api/subscription');
    const f = start.fields;
    assert.deepEqual(
      [f.key, f.uid, f.ag_external_id, f.amount, f.currencyCode, f.ag_type, f.ps, f.test_mode, f.country_code, f['customer[firstname]'], f['customer[lastname]'], f.sign_version],
      ['t_demo_project', req.orderId, req.orderId, '20.50', 'USD', 'fixed', 'test', '1', 'DE', 'Gildong', 'Hong', '3'],
    );
    assert.match(f.success_url!, /\?pw_result=success&ref=\$ref$/);
    assert.match(f.sign!, /^[0-9a-f]{64}$/, 'SHA-256 (signature.test.ts proves it equals the vendor library)');
  });

  it('refuses a widget call signed with another secret', async () => {
    const start = await windowStart(w.start({ ...ctx, channel: { ...channel, secret: 'not_the_project_secret' } }, windowRequest()));
    const page = await openWindow(ctx.fetch, start);
    assert.equal(page.status, 400);
    assert.match(page.html, /not authorized/);
  });

  it('approves through the Payment Status API on return, and the signed GET pingback reports the same payment', async () => {
    const req = windowRequest({ options: { use_test_method: true, bypass: { ps: 'test' } } });
    const { back, outcome } = await pay(req);
    assert.equal(back.fields.pw_result ?? new URL(back.url).searchParams.get('pw_result'), 'success');
    assert.ok(outcome.kind === 'approved' && /^b\d{10}$/.test(outcome.pgTid), JSON.stringify(outcome));
    const q = pingbackQuery(req.orderId);
    assert.deepEqual([q.type, q.ref, q.uid, q.is_test, q.sign_version], ['0', outcome.pgTid, req.orderId, '1', '3']);
    assert.equal(q.amount, undefined, 'a default pingback carries no amount');
    const n = await parse(ctx, q);
    assert.ok(n.kind === 'outcome' && n.outcome.kind === 'approved' && n.outcome.pgTid === outcome.pgTid, JSON.stringify(n));
    assert.equal(sim.approvedCharges(req.orderId), 1);
    assert.equal(w.orderOf!({ body: '', query: q }), req.orderId);
  });

  it('pays with a wallet; the amount in USD converts both ways', async () => {
    const kakao = windowRequest();
    const k = await pay(kakao, { choice: 'approve', method: 'wallet:kakaopaykr' });
    assert.ok(k.outcome.kind === 'approved' && k.outcome.embPgProvider === 'kakaopaykr', JSON.stringify(k.outcome));
    const usd = windowRequest({ amount: 2_050, currency: 'USD', options: { bypass: { country_code: 'US' } } });
    const u = await pay(usd);
    assert.equal(u.outcome.kind, 'approved');
    assert.equal((await paymentwall.getTransaction(ctx, { orderId: usd.orderId })).kind, 'approved');
  });

  it('refuses forged pingbacks, version 1 signatures and unknown refs, without guessing success', async () => {
    const req = windowRequest();
    await pay(req);
    const q = pingbackQuery(req.orderId);
    assert.equal((await parse(ctx, { ...q, goodsid: 'imp_someone_else' })).kind, 'rejected');
    assert.equal((await parse({ ...ctx, channel: { ...channel, secret: 'someone_else' } }, q)).kind, 'rejected');
    assert.equal((await parse(ctx, { hello: '1' })).kind, 'rejected');
    const { sig: _sig, sign_version: _v, ...unsigned } = q;
    assert.equal((await parse(ctx, { ...unsigned, sign_version: '1', sig: pwSign({ ...unsigned, sign_version: '1' }, channel.secret!, 2) })).kind, 'rejected');
    // Correctly signed, but Paymentwall has no such payment: the status lookup finds nothing.
    const ghost = { ...unsigned, ref: 'b9999999999', sign_version: '3' };
    assert.deepEqual(await parse(ctx, { ...ghost, sig: pwSign(ghost, channel.secret!, 3) }), { kind: 'rejected', reason: 'payment status lookup answered 3000' });
    // Form-POSTed pingbacks read the same.
    assert.equal((await w.parseNotification(ctx, { body: new URLSearchParams(q).toString(), contentType: 'application/x-www-form-urlencoded', query: {} })).kind, 'outcome');
  });

  it('declines, user cancels, declined test cards: failure_url, no pingback', async () => {
    assert.equal((await pay(windowRequest(), { choice: 'cancel' })).outcome.kind, 'user_cancelled');
    assert.deepEqual((await pay(windowRequest(), { choice: 'decline', declineMessage: 'Card declined' })).outcome, { kind: 'declined', pgTid: null, pgCode: '3012', pgMessage: 'Card declined' });
    const req = windowRequest();
    const before = sink.received.length;
    const limit = await pay(req, cardInputs(cardOf('limitExceeded')));
    assert.ok(limit.outcome.kind === 'declined' && limit.outcome.pgCode === '3010', JSON.stringify(limit.outcome));
    assert.equal(sink.received.length, before);
    assert.deepEqual(await paymentwall.getTransaction(ctx, { orderId: req.orderId }), { kind: 'not_found' });
  });

  it('a slow PG sends its pingback later; the return stays pending until it is paid', async () => {
    const req = windowRequest();
    const before = sink.received.length;
    await pay(req, { ...cardInputs(cardOf('approveBc')), choice: 'slow', delaySec: '0.2' });
    assert.equal(sink.received.length, before);
    await sleep(350);
    assert.equal((await pingbackOf(ctx, sink.received, req.orderId)).kind, 'outcome');
  });

  it('validates buyer_email and a "Firstname Lastname" buyer_name', () => {
    assert.equal(w.validate(windowRequest()), null);
    assert.match(w.validate(windowRequest({ buyer: { name: 'Jackson', email: 'a@b.c', tel: null, addr: null, postcode: null } })) ?? '', /Firstname Lastname/);
    assert.match(w.validate(windowRequest({ buyer: { name: 'Jack Son', email: null, tel: null, addr: null, postcode: null } })) ?? '', /buyer_email/);
    assert.equal(paymentwall.capabilities.apiKeyIn, false);
  });
});

describe('paymentwall Brick: billing keys', () => {
  it('a billing window charges its amount and stores the card; later charges need the same email and browser_ip', async () => {
    const { req, outcome } = await billingWindow(ctx, cardOf('approveShinhan'), { amount: 20, currency: 'USD' });
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge?.kind === 'approved' && /^ptok_/.test(outcome.billingKey), JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 1);
    const again = (email: string, browserIp: string | null, orderId: string, c = ctx) => paymentwall.chargeBillingKey(c, {
      orderId, merchantUid: orderId, amount: 1_500, currency: 'USD', taxFree: 0, cardQuota: 0, name: 'renewal',
      buyer: { ...req.buyer, email }, billingKey: outcome.kind === 'billing_key_issued' ? outcome.billingKey : '', browserIp,
    });
    const wrongEmail = await again('other@example.com', '1.2.3.4', 'imp_pw_again1');
    assert.ok(wrongEmail.kind === 'declined' && wrongEmail.pgCode === '3001', JSON.stringify(wrongEmail));
    const noIp = await again('buyer@example.com', null, 'imp_pw_again2');
    assert.ok(noIp.kind === 'declined' && noIp.pgCode === '3008', JSON.stringify(noIp));
    const otherProject = await again('buyer@example.com', '1.2.3.4', 'imp_pw_again3', { ...ctx, channel: { ...channel, apiKey: 'someone_elses_key' } });
    assert.ok(otherProject.kind === 'declined' && otherProject.pgCode === '4007', JSON.stringify(otherProject));
    const ok = await again('buyer@example.com', '1.2.3.4', 'imp_pw_again4');
    assert.ok(ok.kind === 'approved' && ok.card?.number === '************0009', JSON.stringify(ok));
  });

  it('a card whose first charge declines is not kept', async () => {
    const { outcome } = await billingWindow(ctx, cardOf('insufficientFunds'));
    assert.ok(outcome.kind === 'declined' && outcome.pgCode === '3011', JSON.stringify(outcome));
  });

  it('refunds a Brick charge at once, in full only, and once', async () => {
    const { req, outcome } = await billingWindow(ctx, cardOf('approveHyundai'), { amount: 5_000 });
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge?.kind === 'approved');
    const pgTid = outcome.charge.pgTid;
    const cancel = (amount: number, remaining: number) => paymentwall.cancel(ctx, { orderId: req.orderId, requestId: 'cncl_pw_test', pgTid, amount, taxFree: 0, currency: 'KRW', remaining, reason: null, refund: null });
    assert.equal((await cancel(1_000, 5_000)).kind, 'rejected');
    assert.deepEqual(await cancel(5_000, 5_000), { kind: 'cancelled', pgCancelTid: `${pgTid}_2`, receiptUrl: null });
    const twice = await cancel(5_000, 5_000);
    assert.ok(twice.kind === 'rejected' && twice.pgCode === '3201', JSON.stringify(twice));
  });
});

describe('paymentwall refund tickets, status and delivery', () => {
  it('cancels a widget payment with a ticket; the negative pingback reports the full amount', async () => {
    const req = windowRequest();
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'approved');
    const r = await paymentwall.cancel(ctx, { orderId: req.orderId, requestId: 'cncl_pw_test', pgTid: outcome.pgTid, amount: 14_000, taxFree: 0, currency: 'KRW', remaining: 14_000, reason: '고객 요청', refund: null });
    assert.deepEqual(r, { kind: 'pending', ticket: outcome.pgTid });
    // The Payment Status API counts the refund from its ticket on (whether refunded, so the whole amount; no list).
    const status = await paymentwall.getTransaction(ctx, { orderId: req.orderId });
    assert.ok(status.kind === 'approved' && status.refunds.total === 14_000 && status.refunds.cancels === null, JSON.stringify(status));
    assert.equal((await ctx.fetch(`${ctx.baseUrl}/sandbox/refunds/process`, { method: 'POST' })).status, 200);
    const q = pingbackQuery(req.orderId);
    assert.deepEqual([q.type, q.reason], ['2', '9']);
    assert.deepEqual(await parse(ctx, q), { kind: 'cancelled', orderId: req.orderId, pgCancelTid: `${outcome.pgTid}_2`, amount: 14_000 });
    assert.equal((await paymentwall.cancel(ctx, { orderId: req.orderId, requestId: 'cncl_pw_test', pgTid: outcome.pgTid, amount: 14_000, taxFree: 0, currency: 'KRW', remaining: 14_000, reason: null, refund: null })).kind, 'rejected');
  });

  it('refuses unauthenticated lookups and refunds of a ref seen on a receipt (#13.6)', async () => {
    const req = windowRequest();
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'approved');
    const base = ctx.baseUrl;
    const status = await ctx.fetch(`${base}/api/rest/payment?${new URLSearchParams({ key: channel.pgId, ref: outcome.pgTid })}`);
    assert.equal(status.status, 403);
    const wrongSign = await ctx.fetch(`${base}/api/rest/payment?${new URLSearchParams({ key: channel.pgId, ref: outcome.pgTid, sign_version: '2', sign: 'x' })}`);
    assert.equal(wrongSign.status, 403);
    const ticket = await (await ctx.fetch(`${base}/developers/api/ticket`, { method: 'POST', body: new URLSearchParams({ key: channel.pgId, ref: outcome.pgTid, type: '1', message: 'x' }) })).text().then(JSON.parse);
    assert.equal(ticket.result, 0);
    const { outcome: brick } = await billingWindow(ctx, cardOf('approveSamsung'));
    assert.ok(brick.kind === 'billing_key_issued' && brick.charge?.kind === 'approved');
    const refund = (headers: Record<string, string>) => ctx.fetch(`${base}/api/brick/charge/${brick.charge!.pgTid}/refund`, { method: 'POST', headers });
    assert.equal((await refund({})).status, 401);
    assert.equal((await refund({ 'X-ApiKey': 't_priv_another_project' })).status, 404);
    assert.equal((await paymentwall.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved', 'nothing was refunded');
  });

  it('confirms a delivery with the documented fields; the PG refuses missing ones', async () => {
    const req = windowRequest();
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'approved');
    const delivery = {
      pgTid: outcome.pgTid, merchantUid: req.merchantUid, type: 'digital' as const, status: 'delivered' as const, estimatedDelivery: 1_750_000_000,
      estimatedUpdate: 1_750_003_600, refundable: false, email: 'buyer@example.com', reason: null, details: null, carrierTrackingId: null, carrierType: null, shipping: null,
    };
    assert.deepEqual(await paymentwall.confirmDelivery!(ctx, delivery), { kind: 'confirmed' });
    const kept = (await store.get<Record<string, string>[]>(`delivery:${outcome.pgTid}`))!.at(-1)!;
    assert.deepEqual([kept.payment_id, kept.merchant_reference_id, kept.status, kept.estimated_delivery_datetime, kept.refundable, kept['shipping_address[email]']],
      [outcome.pgTid, req.merchantUid, 'delivered', '2025/06/15 15:06:40 +0000', 'false', 'buyer@example.com']);
    const physical = await paymentwall.confirmDelivery!(ctx, { ...delivery, type: 'physical' });
    assert.ok(physical.kind === 'rejected' && physical.notices.includes('shipping_address[country] is required'), JSON.stringify(physical));
    const wrongKey = await paymentwall.confirmDelivery!({ ...ctx, channel: { ...channel, secret: 'x' } }, delivery);
    assert.ok(wrongKey.kind === 'rejected' && wrongKey.pgCode === '4007');
  });
});
