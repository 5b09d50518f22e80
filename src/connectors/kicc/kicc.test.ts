import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxChannel, type ConnectorContext, type WindowRequest } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator, type SimulatorServer } from '../../sandbox/http-server.ts';
import { cardInputs, notificationSink, openWindow, runWindow, seedKeyThroughWindow, submitWindow, windowRequest } from '../window-flow.case.ts';
import { kicc } from './index.ts';
import { createKiccSimulator } from '../../sandbox/kicc/simulator.ts';
import { KICC_NOTI_ACK } from './wire.ts';

// KICC's request dates must be today in Korea: the fake runs on the real clock, like the connector.
const now = () => Math.floor(Date.now() / 1000);
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = sandboxChannel('T5102001');
const sink = notificationSink(KICC_NOTI_ACK);
const sim = createKiccSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const ctx: ConnectorContext = { fetch: inProcessFetch(sim), baseUrl: 'http://openimp.test/sandbox/kicc', timeoutMs: TIMEOUT_MS, channel };
const seedBillingKey = seedKeyThroughWindow(kicc);

runConnectorContract({ name: 'kicc in-process', connector: kicc, makeContext: () => ctx, approvedCharges: sim.approvedCharges, seedBillingKey });
const remoteSim = createKiccSimulator({ store: createMemoryStore(), now, timeoutDelayMs: TIMEOUT_MS * 2 });
// Served from a hook, not a top-level await: node:test (with --test-force-exit) ran only the suites
// declared before such an await.
let server: SimulatorServer;
before(async () => { server = await serveSimulator(remoteSim); });
after(() => server?.close());
runConnectorContract({
  name: 'kicc over HTTP', connector: kicc, approvedCharges: remoteSim.approvedCharges, seedBillingKey,
  makeContext: () => ({ fetch, baseUrl: `${server.url}/base/sandbox/kicc`, timeoutMs: TIMEOUT_MS, channel }),
});

const w = kicc.window!;
async function pay(req: WindowRequest = windowRequest(), inputs: Record<string, string> = cardInputs(cardOf('approveShinhan'))) {
  const back = await runWindow(ctx.fetch, w.start(ctx, req), inputs);
  assert.equal(back.url, req.returnUrl);
  return { req, back, outcome: await w.complete(ctx, { orderId: req.orderId, returned: back.fields }) };
}
const products = [{ orderNumber: 'p1', name: '상품 A', quantity: 1, amount: 14_000 }];

describe('kicc window', () => {
  it('pays by card, transfer and phone', async () => {
    const card = await pay();
    assert.ok(card.outcome.kind === 'approved' && card.outcome.card?.code === '366' && card.back.method === 'POST', JSON.stringify(card.outcome));
    assert.equal(sim.approvedCharges(card.req.orderId), 1);
    const mismatch = await w.complete(ctx, { orderId: card.req.orderId, returned: card.back.fields, amount: 1, currency: 'KRW' });
    assert.ok(mismatch.kind === 'declined' && mismatch.pgCode === 'AMOUNT_MISMATCH', JSON.stringify(mismatch));
    const trans = await pay(windowRequest({ payMethod: 'trans' }), { choice: 'approve', method: 'trans', bank: '020' });
    assert.ok(trans.outcome.kind === 'approved' && trans.outcome.payMethod === 'trans' && trans.outcome.bank?.name === '우리은행', JSON.stringify(trans.outcome));
    const phone = await pay(windowRequest({ payMethod: 'phone' }), { choice: 'approve', method: 'phone', carrier: 'KTF', phone: '01098765432' });
    assert.ok(phone.outcome.kind === 'approved' && phone.outcome.payMethod === 'phone', JSON.stringify(phone.outcome));
  });

  it('card.direct shows only that company, with its instalment', async () => {
    const req = windowRequest({ amount: 60_000, options: { card: { direct: { code: '367', quota: 3 } } } });
    const page = await openWindow(ctx.fetch, w.start(ctx, req));
    assert.ok(page.html.includes('현대카드') && page.html.includes('3개월') && !page.html.includes('신한카드'), page.html.slice(0, 2000));
    const other = await submitWindow(ctx.fetch, page, cardInputs(cardOf('approveShinhan')));
    assert.ok(other.kind === 'page' && other.visit.status === 400);
    const { outcome } = await pay(windowRequest({ amount: 60_000, options: { card: { direct: { code: '367', quota: 3 } } } }), cardInputs(cardOf('approveHyundai')));
    assert.ok(outcome.kind === 'approved' && outcome.card?.code === '367', JSON.stringify(outcome));
  });

  it('card.detail enables and disables card companies', async () => {
    const detail = [{ card_code: '*', enabled: true }, { card_code: '366', enabled: false }];
    const page = await openWindow(ctx.fetch, w.start(ctx, windowRequest({ options: { card: { detail } } })));
    assert.ok(page.html.includes('현대카드') && !page.html.includes('신한카드'), page.html.slice(0, 2000));
  });

  it('escrow: only trans/vbank, with buyer fields and kiccProducts (SEED 002)', async () => {
    assert.match(w.validate(windowRequest({ escrow: true, options: { kiccProducts: products } })) ?? '', /계좌이체/);
    assert.match(w.validate(windowRequest({ escrow: true, payMethod: 'trans' })) ?? '', /kiccProducts/);
    assert.match(w.validate(windowRequest({ escrow: true, payMethod: 'trans', options: { kiccProducts: [{ name: 'x' }] } })) ?? '', /orderNumber/);
    const noEmail = windowRequest({ escrow: true, payMethod: 'vbank', options: { kiccProducts: products }, buyer: { name: 'a', email: null, tel: '010', addr: null, postcode: null } });
    assert.match(w.validate(noEmail) ?? '', /buyer_email/);
    const ok = windowRequest({ escrow: true, payMethod: 'trans', options: { kiccProducts: products } });
    assert.equal(w.validate(ok), null);
    assert.equal((await pay(ok, { choice: 'approve', method: 'trans', bank: '004' })).outcome.kind, 'approved');
  });

  it('billing window: card only, the amount is display only (SEED 002)', async () => {
    const req = windowRequest({ amount: 9_900, billing: { customerUid: 'cust_kicc', charge: false } });
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge === null, JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 0);
    assert.notEqual(w.validate(windowRequest({ payMethod: 'trans', billing: { customerUid: 'c', charge: false } })), null);
    // The key is removed at KICC (removeBatchKey): a charge with it is then refused.
    assert.equal((await kicc.deleteBillingKey!(ctx, { customerUid: 'cust_kicc', billingKey: outcome.billingKey, requestId: `del_${req.orderId}` })).kind, 'deleted');
    const charge = await kicc.chargeBillingKey(ctx, { ...windowRequest(), cardQuota: 0, billingKey: outcome.billingKey, browserIp: null });
    assert.equal(charge.kind, 'declined');
  });

  it('reports user cancel, window decline and a declined test card', async () => {
    assert.equal((await pay(windowRequest(), { choice: 'cancel' })).outcome.kind, 'user_cancelled');
    const failed = (await pay(windowRequest(), { choice: 'decline', declineMessage: '인증 실패' })).outcome;
    assert.ok(failed.kind === 'declined' && failed.pgMessage === '인증 실패', JSON.stringify(failed));
    const lost = await pay(windowRequest(), cardInputs(cardOf('lostOrStolen')));
    assert.ok(lost.outcome.kind === 'declined' && lost.outcome.pgCode === 'C104', JSON.stringify(lost.outcome));
    // What KICC's lookup answers for a declined approval is not documented: never a payment, either way.
    assert.ok(['declined', 'not_found'].includes((await kicc.getTransaction(ctx, { orderId: lost.req.orderId })).kind));
  });

  it('issues a vbank; the deposit is KICC\'s JSON notification 30, acknowledged with KICC\'s JSON', async () => {
    const { req, outcome } = await pay(windowRequest({ payMethod: 'vbank' }), { choice: 'approve', method: 'vbank', bank: '011' });
    assert.ok(outcome.kind === 'vbank_issued', JSON.stringify(outcome));
    assert.equal((await kicc.getTransaction(ctx, { orderId: req.orderId })).kind, 'pending');
    const done = await sim.depositVbank!(outcome.pgTid, { depositorName: '홍길동' });
    assert.ok(done.kind === 'deposited' && done.notified, JSON.stringify(done));
    const note = sink.received.at(-1)!;
    assert.match(note.contentType ?? '', /application\/json/);
    assert.equal(w.orderOf!({ body: note.body, query: {} }), req.orderId);
    assert.deepEqual(await w.parseNotification(ctx, { body: note.body, contentType: note.contentType, query: {} }),
      { kind: 'vbank_deposit', orderId: req.orderId, pgTid: outcome.pgTid, amount: 14_000, depositorName: '홍길동' });
    assert.equal((await kicc.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
  });

  it('closes an unpaid window vbank (revise 40): the same request again answers the same, another is refused, a deposit is refused', async () => {
    const { req, outcome } = await pay(windowRequest({ payMethod: 'vbank' }), { choice: 'approve', method: 'vbank', bank: '011' });
    assert.ok(outcome.kind === 'vbank_issued', JSON.stringify(outcome));
    const close = { orderId: req.orderId, pgTid: outcome.pgTid, requestId: `${req.orderId}_vbank_close`, reason: '가상계좌 발급취소' };
    assert.deepEqual(await kicc.closeVbank!(ctx, close), { kind: 'closed' });
    assert.deepEqual(await kicc.closeVbank!(ctx, close), { kind: 'closed' }, 'a repeat after a lost answer');
    const other = await kicc.closeVbank!(ctx, { ...close, requestId: 'close_again' });
    assert.equal(other.kind, 'rejected', JSON.stringify(other));
    assert.equal((await sim.depositVbank!(outcome.pgTid, { depositorName: '홍길동' })).kind, 'refused');
    assert.equal(sim.approvedCharges(req.orderId), 0);
  });
});

describe('kicc cancel idempotency (shopTransactionId)', () => {
  it('a revise repeated with the same shopTransactionId answers the first, refunds once, and the lookup names it', async () => {
    const { req, outcome } = await pay();
    assert.ok(outcome.kind === 'approved');
    const cancel = { orderId: req.orderId, requestId: 'cncl_kicc_repeat', pgTid: outcome.pgTid, amount: 4_000, taxFree: 0, currency: 'KRW' as const, remaining: 14_000, reason: null, refund: null, payMethod: 'card', paid: 14_000 };
    const first = await kicc.cancel(ctx, cancel);
    assert.equal(first.kind, 'cancelled');
    assert.deepEqual(await kicc.cancel(ctx, cancel), first, 'a retry of the same attempt is not a second refund');
    const status = await kicc.getTransaction(ctx, { orderId: req.orderId, cancelRequestId: 'cncl_kicc_repeat' });
    assert.ok(status.kind === 'approved', JSON.stringify(status));
    assert.deepEqual(status.refunds, { total: 4_000, cancels: [{ pgCancelTid: first.kind === 'cancelled' ? first.pgCancelTid : '', amount: 4_000, requestId: 'cncl_kicc_repeat' }] });
    const never = await kicc.getTransaction(ctx, { orderId: req.orderId, cancelRequestId: 'cncl_never_sent' });
    assert.ok(never.kind === 'approved' && never.refunds.cancels?.length === 0, JSON.stringify(never));
  });

  it('escrow delivery is KICC\'s escrow status change', async () => {
    const { req, outcome } = await pay(windowRequest({ escrow: true, payMethod: 'trans', options: { kiccProducts: products } }), { choice: 'approve', method: 'trans', bank: '004' });
    assert.ok(outcome.kind === 'approved');
    const ship = { orderId: req.orderId, pgTid: outcome.pgTid, requestId: `esc_${req.orderId}`, company: 'CJGLS', invoice: '123456789012', sentAt: now(), receiverName: '홍길동', receiverTel: '01012345678' };
    assert.deepEqual(await kicc.registerEscrowShipping!(ctx, ship), { kind: 'registered' });
  });
});
