import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxChannel, type ConnectorContext, type WindowRequest } from '../contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator, type SimulatorServer } from '../../sandbox/http-server.ts';
import { cardInputs, notificationSink, openWindow, runWindow, seedKeyThroughWindow, submitWindow, windowRequest, windowStart } from '../window-flow.case.ts';
import { kicc } from './index.ts';
import { createKiccSimulator } from '../../sandbox/kicc/simulator.ts';
import { KICC_NOTI_ACK } from './wire.ts';

const now = () => 1_750_000_000;
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
    assert.ok(trans.outcome.kind === 'approved' && trans.outcome.payMethod === 'trans' && trans.outcome.bank?.name === '우리은행');
    const phone = await pay(windowRequest({ payMethod: 'phone' }), { choice: 'approve', method: 'phone', carrier: 'KTF', phone: '01098765432' });
    assert.ok(phone.outcome.kind === 'approved' && phone.outcome.payMethod === 'phone');
  });

  it('card.direct shows only that company, with its instalment', async () => {
    const req = windowRequest({ amount: 60_000, options: { card: { direct: { code: '367', quota: 3 } } } });
    const page = await openWindow(ctx.fetch, w.start(ctx, req));
    assert.ok(page.html.includes('현대카드') && page.html.includes('바로 연결') && page.html.includes('3개월') && !page.html.includes('신한카드'));
    const other = await submitWindow(ctx.fetch, page, cardInputs(cardOf('approveShinhan')));
    assert.ok(other.kind === 'page' && other.visit.status === 400);
    const { outcome } = await pay(windowRequest({ amount: 60_000, options: { card: { direct: { code: '367', quota: 3 } } } }), cardInputs(cardOf('approveHyundai')));
    assert.ok(outcome.kind === 'approved' && outcome.card?.code === '367', JSON.stringify(outcome));
  });

  it('card.detail enables and disables card companies', async () => {
    const detail = [{ card_code: '*', enabled: true }, { card_code: '366', enabled: false }];
    const page = await openWindow(ctx.fetch, w.start(ctx, windowRequest({ options: { card: { detail } } })));
    assert.ok(page.html.includes('현대카드') && !page.html.includes('>신한카드<'));
  });

  it('escrow: only trans/vbank, with buyer fields and kiccProducts (reference §6.2)', async () => {
    assert.match(w.validate(windowRequest({ escrow: true, options: { kiccProducts: products } })) ?? '', /계좌이체/);
    assert.match(w.validate(windowRequest({ escrow: true, payMethod: 'trans' })) ?? '', /kiccProducts/);
    assert.match(w.validate(windowRequest({ escrow: true, payMethod: 'trans', options: { kiccProducts: [{ name: 'x' }] } })) ?? '', /orderNumber/);
    const noEmail = windowRequest({ escrow: true, payMethod: 'vbank', options: { kiccProducts: products }, buyer: { name: 'a', email: null, tel: '010', addr: null, postcode: null } });
    assert.match(w.validate(noEmail) ?? '', /buyer_email/);
    const ok = windowRequest({ escrow: true, payMethod: 'trans', options: { kiccProducts: products } });
    assert.equal(w.validate(ok), null);
    assert.equal((await pay(ok, { choice: 'approve', method: 'trans', bank: '004' })).outcome.kind, 'approved');
    // The PG refuses an escrow card window even if the gateway let one through.
    const start = await windowStart(w.start(ctx, windowRequest({ escrow: true, options: { kiccProducts: products } })));
    assert.equal((await openWindow(ctx.fetch, start)).status, 400);
  });

  it('billing window: card only, the amount is display only (SEED 002)', async () => {
    const req = windowRequest({ amount: 9_900, billing: { customerUid: 'cust_kicc', charge: false } });
    assert.ok((await openWindow(ctx.fetch, w.start(ctx, req))).html.includes('표시용 금액'));
    const { outcome } = await pay(req);
    assert.ok(outcome.kind === 'billing_key_issued' && outcome.charge === null, JSON.stringify(outcome));
    assert.equal(sim.approvedCharges(req.orderId), 0);
    assert.notEqual(w.validate(windowRequest({ payMethod: 'trans', billing: { customerUid: 'c', charge: false } })), null);
  });

  it('reports user cancel, window decline and a declined test card', async () => {
    assert.equal((await pay(windowRequest(), { choice: 'cancel' })).outcome.kind, 'user_cancelled');
    assert.deepEqual((await pay(windowRequest(), { choice: 'decline', declineMessage: '인증 실패' })).outcome, { kind: 'declined', pgTid: null, pgCode: 'W002', pgMessage: '인증 실패' });
    const lost = await pay(windowRequest(), cardInputs(cardOf('lostOrStolen')));
    assert.ok(lost.outcome.kind === 'declined' && lost.outcome.pgCode === 'C104', JSON.stringify(lost.outcome));
    assert.equal((await kicc.getTransaction(ctx, { orderId: lost.req.orderId })).kind, 'declined');
  });

  it('issues a vbank; the deposit is notified with a valid msgAuthValue, forgeries are rejected', async () => {
    const { req, outcome } = await pay(windowRequest({ payMethod: 'vbank' }), { choice: 'approve', method: 'vbank', bank: '011' });
    assert.ok(outcome.kind === 'vbank_issued' && outcome.vbank.name === 'NH농협은행', JSON.stringify(outcome));
    const res = await ctx.fetch(`${ctx.baseUrl}/vbank/deposit?mid=${channel.pgId}&orderId=${req.orderId}`, { method: 'POST' });
    assert.equal(((await res.json()) as { notified: boolean }).notified, true);
    const note = sink.received.at(-1)!;
    assert.deepEqual(await w.parseNotification(ctx, { body: note.body, contentType: note.contentType, query: {} }),
      { kind: 'vbank_deposit', orderId: req.orderId, pgTid: outcome.pgTid, amount: 14_000, depositorName: null });
    assert.equal(w.notificationAck, 'res_cd=0000^res_msg=SUCCESS');
    const forged = await w.parseNotification(ctx, { body: note.body.replace('amount=14000', 'amount=1'), contentType: note.contentType, query: {} });
    assert.equal(forged.kind, 'rejected');
    assert.equal((await kicc.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
  });
});

describe('kicc cancel idempotency (shopTransactionId)', () => {
  it('a revise repeated with the same shopTransactionId answers the first, refunds once, and the lookup names it', async () => {
    const { req, outcome } = await pay();
    assert.ok(outcome.kind === 'approved');
    const cancel = { orderId: req.orderId, requestId: 'cncl_kicc_repeat', pgTid: outcome.pgTid, amount: 4_000, taxFree: 0, currency: 'KRW' as const, remaining: 14_000, reason: null, refund: null };
    const first = await kicc.cancel(ctx, cancel);
    assert.equal(first.kind, 'cancelled');
    assert.deepEqual(await kicc.cancel(ctx, cancel), first, 'a retry of the same attempt is not a second refund');
    const status = await kicc.getTransaction(ctx, { orderId: req.orderId });
    assert.ok(status.kind === 'approved', JSON.stringify(status));
    assert.deepEqual(status.refunds, { total: 4_000, cancels: [{ pgCancelTid: first.kind === 'cancelled' ? first.pgCancelTid : '', amount: 4_000, requestId: 'cncl_kicc_repeat' }] });
  });
});
