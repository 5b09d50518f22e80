import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ConnectorContext, WindowRequest } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { sleep } from '../../sandbox/simulator.ts';
import { serveSimulator } from '../../sandbox/http-server.ts';
import { cardInputs, notificationSink, openWindow, runWindow, windowRequest } from '../window-flow.case.ts';
import { paymentwall } from './index.ts';
import { pingbackOf, seedThroughPingback } from './seed.case.ts';
import { createPaymentwallSimulator } from '../../sandbox/paymentwall/simulator.ts';

const now = () => 1_750_000_000;
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = { pgId: 't_demo_project', secret: 'pw_demo_secret', sandbox: true };
const w = paymentwall.window!;
const sink = notificationSink();
const sim = createPaymentwallSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const ctx: ConnectorContext = { fetch: inProcessFetch(sim), baseUrl: 'http://openimp.test/sandbox/paymentwall', timeoutMs: TIMEOUT_MS, channel };

const pingbackFor = (c: ConnectorContext, received: typeof sink.received, orderId: string) => pingbackOf(c, received, orderId);
const seedWith = seedThroughPingback;

runConnectorContract({ name: 'paymentwall in-process', connector: paymentwall, makeContext: () => ctx, approvedCharges: sim.approvedCharges, seedBillingKey: seedWith(sink.received) });
const remoteSink = notificationSink();
const remoteSim = createPaymentwallSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2, notify: remoteSink.notify });
const server = await serveSimulator(remoteSim);
after(() => server.close());
runConnectorContract({
  name: 'paymentwall over HTTP', connector: paymentwall, approvedCharges: remoteSim.approvedCharges, seedBillingKey: seedWith(remoteSink.received),
  makeContext: () => ({ fetch, baseUrl: `${server.url}/base/sandbox/paymentwall`, timeoutMs: TIMEOUT_MS, channel }),
});

async function pay(req: WindowRequest, inputs: Record<string, string> = cardInputs(cardOf('approveShinhan'))) {
  const back = await runWindow(ctx.fetch, w.start(ctx, req), inputs);
  assert.equal(back.method, 'GET');
  return { back, outcome: await w.complete(ctx, { orderId: req.orderId, returned: back.fields }) };
}

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
    // A project that is not live needs both use_test_method and ps "test" (SEED 004).
    assert.equal((await html({ bypass: { ps: 'test' } })).status, 400);
    assert.ok(!(await html({ use_test_method: true })).html.includes('Test method'));
    assert.ok((await html({ use_test_method: true, bypass: { ps: 'test' } })).html.includes('Test method'));
  });

  it('the browser return is pending; the signed pingback brings the approval', async () => {
    const req = windowRequest({ options: { use_test_method: true, bypass: { ps: 'test' } } });
    const { outcome } = await pay(req);
    assert.equal(outcome.kind, 'pending');
    const n = await pingbackFor(ctx, sink.received, req.orderId);
    assert.ok(n.kind === 'outcome' && n.outcome.kind === 'approved' && n.outcome.card?.number === '936600******0009', JSON.stringify(n));
    assert.equal(sim.approvedCharges(req.orderId), 1);
  });

  it('pays with a wallet, and in USD with the amount converted both ways', async () => {
    const kakao = windowRequest();
    await pay(kakao, { choice: 'approve', method: 'wallet:kakaopaykr' });
    const k = await pingbackFor(ctx, sink.received, kakao.orderId);
    assert.ok(k.kind === 'outcome' && k.outcome.kind === 'approved' && k.outcome.embPgProvider === 'kakaopaykr' && k.outcome.card === null, JSON.stringify(k));
    const usd = windowRequest({ amount: 2_050, currency: 'USD', options: { bypass: { country_code: 'US' } } });
    assert.equal(w.start(ctx, usd).fields.amount, '20.50');
    await pay(usd);
    const u = await pingbackFor(ctx, sink.received, usd.orderId);
    assert.ok(u.kind === 'outcome' && u.outcome.kind === 'approved');
    assert.equal(new URLSearchParams(sink.received.at(-1)!.body).get('amount'), '20.50');
  });

  it('rejects forged pingbacks', async () => {
    const req = windowRequest();
    await pay(req);
    const note = sink.received.at(-1)!;
    const tampered = note.body.replace('amount=14000', 'amount=1');
    assert.equal((await w.parseNotification(ctx, { body: tampered, contentType: note.contentType, query: {} })).kind, 'rejected');
    const otherSecret = { ...ctx, channel: { ...channel, secret: 'someone_else' } };
    assert.equal((await w.parseNotification(otherSecret, { body: note.body, contentType: note.contentType, query: {} })).kind, 'rejected');
    assert.equal((await w.parseNotification(ctx, { body: 'hello=1', contentType: null, query: {} })).kind, 'rejected');
    const asQuery = Object.fromEntries(new URLSearchParams(note.body));
    assert.equal((await w.parseNotification(ctx, { body: '', contentType: null, query: asQuery })).kind, 'outcome');
  });

  it('a billing window charges its amount; later charges need the same email and browser_ip', async () => {
    const req = windowRequest({ amount: 20, currency: 'USD', billing: { customerUid: 'cust_pw', charge: true } });
    await pay(req);
    const n = await pingbackFor(ctx, sink.received, req.orderId);
    assert.ok(n.kind === 'outcome' && n.outcome.kind === 'billing_key_issued' && n.outcome.charge?.kind === 'approved', JSON.stringify(n));
    assert.equal(sim.approvedCharges(req.orderId), 1);
    const again = (email: string, browserIp: string | null, orderId: string) => paymentwall.chargeBillingKey(ctx, {
      orderId, merchantUid: orderId, amount: 1_500, currency: 'USD', taxFree: 0, cardQuota: 0, name: 'renewal',
      buyer: { ...req.buyer, email }, billingKey: n.outcome.kind === 'billing_key_issued' ? n.outcome.billingKey : '', browserIp,
    });
    const wrongEmail = await again('other@example.com', '1.2.3.4', 'imp_pw_again1');
    assert.ok(wrongEmail.kind === 'declined' && wrongEmail.pgCode === '3202', JSON.stringify(wrongEmail));
    const noIp = await again('buyer@example.com', null, 'imp_pw_again2');
    assert.ok(noIp.kind === 'declined' && noIp.pgCode === '3203');
    assert.equal((await again('buyer@example.com', '1.2.3.4', 'imp_pw_again3')).kind, 'approved');
  });

  it('cancels asynchronously: a ticket now, a signed refund pingback later', async () => {
    const req = windowRequest();
    await pay(req);
    const n = await pingbackFor(ctx, sink.received, req.orderId);
    assert.ok(n.kind === 'outcome' && n.outcome.kind === 'approved');
    const r = await paymentwall.cancel(ctx, { orderId: req.orderId, pgTid: n.outcome.pgTid, amount: 4_000, taxFree: 0, currency: 'KRW', remaining: 14_000, reason: null, refund: null });
    assert.equal(r.kind, 'pending');
    const res = await ctx.fetch(`${ctx.baseUrl}/sandbox/refunds/process`, { method: 'POST' });
    assert.equal(res.status, 200);
    const c = await pingbackFor(ctx, sink.received, req.orderId);
    assert.deepEqual(c, { kind: 'cancelled', orderId: req.orderId, pgCancelTid: r.kind === 'pending' ? r.ticket : '', amount: 4_000 });
    const over = await paymentwall.cancel(ctx, { orderId: req.orderId, pgTid: n.outcome.pgTid, amount: 20_000, taxFree: 0, currency: 'KRW', remaining: 10_000, reason: null, refund: null });
    assert.equal(over.kind, 'rejected');
  });

  it('declines, user cancels, and declined test cards (by pingback type 202)', async () => {
    assert.equal((await pay(windowRequest(), { choice: 'cancel' })).outcome.kind, 'user_cancelled');
    assert.deepEqual((await pay(windowRequest(), { choice: 'decline', declineMessage: 'Card declined' })).outcome, { kind: 'declined', pgTid: null, pgCode: '3109', pgMessage: 'Card declined' });
    const req = windowRequest();
    assert.equal((await pay(req, cardInputs(cardOf('limitExceeded')))).outcome.kind, 'pending');
    const n = await pingbackFor(ctx, sink.received, req.orderId);
    assert.ok(n.kind === 'outcome' && n.outcome.kind === 'declined' && n.outcome.pgMessage.includes('한도초과'), JSON.stringify(n));
  });

  it('a slow PG sends its pingback later', async () => {
    const req = windowRequest();
    const before = sink.received.length;
    await pay(req, { ...cardInputs(cardOf('approveBc')), choice: 'slow', delaySec: '0.2' });
    assert.equal(sink.received.length, before);
    await sleep(350);
    assert.equal((await pingbackFor(ctx, sink.received, req.orderId)).kind, 'outcome');
  });

  it('validates buyer_email and a "Firstname Lastname" buyer_name', () => {
    assert.equal(w.validate(windowRequest()), null);
    assert.match(w.validate(windowRequest({ buyer: { name: 'Jackson', email: 'a@b.c', tel: null, addr: null, postcode: null } })) ?? '', /Firstname Lastname/);
    assert.match(w.validate(windowRequest({ buyer: { name: 'Jack Son', email: null, tel: null, addr: null, postcode: null } })) ?? '', /buyer_email/);
    assert.equal(paymentwall.capabilities.apiKeyIn, false);
  });
});
