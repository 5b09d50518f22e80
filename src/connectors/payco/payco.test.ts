import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxChannel, type ConnectorContext } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator, type SimulatorServer } from '../../sandbox/http-server.ts';
import { testCards } from '../../sandbox/test-cards.ts';
import { cardInputs, notificationSink, openWindow, runWindow, seedKeyThroughWindow, windowRequest } from '../window-flow.case.ts';
import { payco } from './index.ts';
import { createPaycoSimulator } from '../../sandbox/payco/simulator.ts';

const now = () => 1_750_000_000;
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = sandboxChannel('PARTNERTEST');
const sink = notificationSink();
const store = createMemoryStore();
const sim = createPaycoSimulator({ store, now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const ctx: ConnectorContext = { fetch: inProcessFetch(sim), baseUrl: 'http://openimp.test/sandbox/payco', timeoutMs: TIMEOUT_MS, channel };
const seedBillingKey = seedKeyThroughWindow(payco);

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
async function pay(req = windowRequest(), inputs: Record<string, string> = cardInputs(cardOf('approveShinhan'))) {
  const back = await runWindow(ctx.fetch, w.start(ctx, req), inputs);
  assert.equal(back.url, req.returnUrl);
  return { req, back, outcome: await w.complete(ctx, { orderId: req.orderId, returned: back.fields }) };
}

describe('payco window', () => {
  it('lets the buyer choose the method inside PAYCO, whatever pay_method said', async () => {
    const page = await openWindow(ctx.fetch, w.start(ctx, windowRequest({ payMethod: 'vbank' })));
    for (const label of ['신용카드', '실시간 계좌이체', '가상계좌']) assert.ok(page.html.includes(label), label);
    const { req, back, outcome } = await pay(windowRequest({ payMethod: 'vbank' }), { choice: 'approve', method: 'trans', bank: '004' });
    assert.equal(back.method, 'GET');
    assert.ok(outcome.kind === 'approved' && outcome.payMethod === 'trans' && outcome.card === null && outcome.bank?.code === '004', JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 1);
  });

  it('pays by card and confirms once', async () => {
    const { req, back, outcome } = await pay();
    assert.ok(outcome.kind === 'approved' && outcome.card?.number === '936600******0009', JSON.stringify(outcome));
    assert.deepEqual(await w.complete(ctx, { orderId: req.orderId, returned: back.fields }), outcome);
    assert.equal(sim.approvedCharges(req.orderId), 1);
    assert.equal((await payco.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
  });

  it('registers a billing key without charging the displayed amount (SEED 000/001)', async () => {
    const req = windowRequest({ amount: 30_000, billing: { customerUid: 'cust_payco', charge: false } });
    const page = await openWindow(ctx.fetch, w.start(ctx, req));
    assert.ok(page.html.includes('표시용 금액'));
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge === null, JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 0);
    assert.deepEqual(await payco.getTransaction(ctx, { orderId: req.orderId }), { kind: 'not_found' });
  });

  it('reports user cancel, a window decline and a declined test card', async () => {
    assert.equal((await pay(windowRequest(), { choice: 'cancel' })).outcome.kind, 'user_cancelled');
    const d = await pay(windowRequest(), { choice: 'decline', declineMessage: '한도 부족' });
    assert.deepEqual(d.outcome, { kind: 'declined', pgTid: null, pgCode: '1001', pgMessage: '한도 부족' });
    const card = await pay(windowRequest(), cardInputs(cardOf('limitExceeded')));
    assert.ok(card.outcome.kind === 'declined' && card.outcome.pgMessage.includes('한도초과') && card.outcome.pgCode === '5102', JSON.stringify(card.outcome));
  });

  it('issues a vbank and reports the deposit with a signed notice; a forged one is rejected', async () => {
    const { req, outcome } = await pay(windowRequest(), { choice: 'approve', method: 'vbank', bank: '088' });
    assert.ok(outcome.kind === 'vbank_issued' && outcome.vbank.code === '088' && outcome.vbank.holder === 'PAYCO 샌드박스', JSON.stringify(outcome));
    assert.deepEqual(await payco.getTransaction(ctx, { orderId: req.orderId }), { kind: 'pending' });
    const res = await ctx.fetch(`${ctx.baseUrl}/vbank/deposit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tid: outcome.pgTid, depositorName: '김입금' }) });
    assert.equal(((await res.json()) as { notified: boolean }).notified, true);
    const note = sink.received.at(-1)!;
    assert.equal(note.url, req.notifyUrl);
    assert.deepEqual(await w.parseNotification(ctx, { body: note.body, contentType: note.contentType, query: {} }),
      { kind: 'vbank_deposit', orderId: req.orderId, pgTid: outcome.pgTid, amount: 14_000, depositorName: '김입금' });
    assert.equal((await payco.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
    const forged = note.body.replace('14000', '99000');
    assert.equal((await w.parseNotification(ctx, { body: forged, contentType: note.contentType, query: {} })).kind, 'rejected');
  });

  it('refuses a changed amount at the order sheet and at approval', async () => {
    const start = await w.start(ctx, windowRequest());
    const page = await openWindow(ctx.fetch, { ...start, fields: { ...start.fields, totalPaymentAmt: '10' } });
    assert.ok(page.status === 400 && page.html.includes('3002'));
    const req = windowRequest();
    const back = await runWindow(ctx.fetch, w.start(ctx, req), cardInputs(cardOf('approveBc')));
    const tampered = await w.complete(ctx, { orderId: req.orderId, returned: { ...back.fields, totalPaymentAmt: '10' } });
    assert.ok(tampered.kind === 'declined' && tampered.pgCode === '3004', JSON.stringify(tampered));
    const gatewayAmount = await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: 13_000, currency: 'KRW' });
    assert.ok(gatewayAmount.kind === 'declined' && gatewayAmount.pgCode === '3004', JSON.stringify(gatewayAmount));
    assert.equal(sim.approvedCharges(req.orderId), 0);
  });

  it('requires buyer_tel and name (reference §6.1) and has no key-in', () => {
    assert.notEqual(w.validate(windowRequest({ buyer: { name: 'a', email: null, tel: null, addr: null, postcode: null } })), null);
    assert.equal(w.validate(windowRequest()), null);
    assert.equal(payco.chargeCard, undefined);
    assert.ok(!store.dump().join('\n').includes(testCards.approveShinhan.number));
  });
});
