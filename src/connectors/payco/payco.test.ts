/**
 * The PAYCO connector against the fake PAYCO (src/sandbox/payco), in process and over real HTTP: the
 * connector contract suite, and the window as a buyer goes through PAYCO's order sheet (PAYCO login,
 * method, payment password). fixtures.test.ts holds the recorded and documented exchanges.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxChannel, type ConnectorContext } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator, type SimulatorServer } from '../../sandbox/http-server.ts';
import { testCards } from '../../sandbox/test-cards.ts';
import { notificationSink, openWindow, runWindow, seedKeyThroughWindow, windowRequest } from '../window-flow.case.ts';
import { payco } from './index.ts';
import { paycoInputs } from './window-inputs.case.ts';
import { createPaycoSimulator } from '../../sandbox/payco/simulator.ts';

const now = () => 1_750_000_000;
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = sandboxChannel('S0FSJE', { cpId: 'PARTNERTEST', productId: 'PROD_EASY' });
const sink = notificationSink();
const store = createMemoryStore();
const sim = createPaycoSimulator({ store, now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const ctx: ConnectorContext = { fetch: inProcessFetch(sim), baseUrl: 'http://openimp.test/sandbox/payco', timeoutMs: TIMEOUT_MS, channel };

const seedBillingKey = seedKeyThroughWindow(payco, {}, (card) => paycoInputs(card));

runConnectorContract({ name: 'payco in-process', connector: payco, makeContext: () => ctx, approvedCharges: sim.approvedCharges, seedBillingKey });

const remoteSim = createPaycoSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2 });
// Served from a hook, not a top-level await: node:test (with --test-force-exit) ran only the suites
// declared before such an await.
let server: SimulatorServer;
before(async () => { server = await serveSimulator(remoteSim); });
after(() => server?.close());
runConnectorContract({
  name: 'payco over HTTP', connector: payco, approvedCharges: remoteSim.approvedCharges, seedBillingKey,
  makeContext: () => ({ fetch, baseUrl: `${server.url}/base/sandbox/payco`, timeoutMs: TIMEOUT_MS, channel }),
});

const w = payco.window!;
async function pay(req = windowRequest(), inputs: Record<string, string> = paycoInputs(cardOf('approveShinhan'))) {
  const back = await runWindow(ctx.fetch, w.start(ctx, req), inputs);
  assert.equal(back.url, req.returnUrl);
  return { req, back, outcome: await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: req.amount, currency: req.currency }) };
}

describe('payco window through the fake PAYCO', () => {
  it('lets the buyer choose the method inside PAYCO, whatever pay_method said', async () => {
    const page = await openWindow(ctx.fetch, w.start(ctx, windowRequest({ payMethod: 'vbank' })));
    assert.match(page.html, /PAYCO/);
    const { req, back, outcome } = await pay(windowRequest({ payMethod: 'vbank' }), paycoInputs(null, { method: 'trans', bank: '004' }));
    assert.equal(back.method, 'GET');
    assert.ok(outcome.kind === 'approved' && outcome.payMethod === 'trans' && outcome.card === null && outcome.bank?.code === '004', JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 1);
  });

  it('pays by card, approves once, and finds the order with getDetailForVerify', async () => {
    const { req, back, outcome } = await pay();
    assert.ok(outcome.kind === 'approved' && outcome.payMethod === 'card' && outcome.card?.number, JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 1);
    const again = await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: req.amount, currency: req.currency });
    assert.equal(sim.approvedCharges(req.orderId), 1, 'a repeated return approves nothing more');
    assert.notEqual(again.kind, 'approved_twice');
    assert.ok(outcome.kind === 'approved');
    const t = await payco.getTransaction(ctx, { orderId: req.orderId, pgRef: outcome.pgRef });
    assert.ok(t.kind === 'approved' && t.pgTid === outcome.pgTid && t.refunds.total === 0, JSON.stringify(t));
  });

  it('registers a billing key without charging the displayed amount (SEED 000/001)', async () => {
    const req = windowRequest({ amount: 30_000, billing: { customerUid: 'cust_payco', charge: false } });
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge === null, JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 0);
    assert.deepEqual(await payco.getTransaction(ctx, { orderId: req.orderId }), { kind: 'not_found' });
    assert.deepEqual(await payco.deleteBillingKey!(ctx, { customerUid: 'cust_payco', billingKey: outcome.billingKey, requestId: 'del_1' }), { kind: 'deleted' });
    const charge = await payco.chargeBillingKey(ctx, {
      orderId: `${req.orderId}x`, merchantUid: 'm', amount: 1_000, currency: 'KRW', taxFree: 0, cardQuota: 0, name: '정기', buyer: req.buyer, billingKey: outcome.billingKey, browserIp: null,
    });
    assert.equal(charge.kind, 'declined', 'a deleted registration charges nothing');
  });

  it('reports user cancel and a declined test card', async () => {
    assert.equal((await pay(windowRequest(), paycoInputs(cardOf('approveShinhan'), { choice: 'cancel' }))).outcome.kind, 'user_cancelled');
    const card = await pay(windowRequest(), paycoInputs(cardOf('limitExceeded')));
    assert.equal(card.outcome.kind, 'declined', JSON.stringify(card.outcome));
  });

  it('issues a vbank and takes the deposit notice PAYCO sends, as getDetailForVerify confirms it', async () => {
    const { req, outcome } = await pay(windowRequest({ vbankDue: now() + 86_400 }), paycoInputs(null, { method: 'vbank', bank: '088' }));
    assert.ok(outcome.kind === 'vbank_issued' && outcome.vbank.code === '088' && outcome.vbank.num !== '', JSON.stringify(outcome));
    assert.deepEqual(await payco.getTransaction(ctx, { orderId: req.orderId, pgRef: outcome.kind === 'vbank_issued' ? outcome.pgRef : null }), { kind: 'pending' });
    const res = await ctx.fetch(`${ctx.baseUrl}/vbank/deposit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tid: outcome.pgTid, depositorName: '김입금' }) });
    assert.equal(res.status, 200, await res.text());
    const note = sink.received.at(-1)!;
    assert.equal(note.url, req.notifyUrl);
    assert.deepEqual(await w.parseNotification(ctx, { body: note.body, contentType: note.contentType, query: {} }),
      { kind: 'vbank_deposit', orderId: req.orderId, pgTid: outcome.pgTid, amount: 14_000, depositorName: null });
    assert.equal((await payco.getTransaction(ctx, { orderId: req.orderId, pgRef: outcome.kind === 'vbank_issued' ? outcome.pgRef : null })).kind, 'approved');
  });

  it('approves only the amount the order was reserved with', async () => {
    const req = windowRequest();
    const back = await runWindow(ctx.fetch, w.start(ctx, req), paycoInputs(cardOf('approveBc')));
    const other = await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: 13_000, currency: 'KRW' });
    assert.equal(other.kind, 'declined', JSON.stringify(other));
    assert.equal(sim.approvedCharges(req.orderId), 0);
    assert.ok(!store.dump().join('\n').includes(testCards.approveShinhan.number));
  });
});
