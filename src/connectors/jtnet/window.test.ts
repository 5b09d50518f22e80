import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PgTransportError, sandboxChannel, type ConnectorContext, type WindowRequest } from '../contract.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator } from '../../sandbox/http-server.ts';
import { testCards } from '../../sandbox/test-cards.ts';
import { notificationSink, openWindow, runWindow, submitWindow, windowStart } from '../window-flow.case.ts';
import { jtnet } from './index.ts';
import { createJtnetSimulator } from '../../sandbox/jtnet/simulator.ts';

const now = () => 1_750_000_000;
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const sink = notificationSink();
const store = createMemoryStore();
const sim = createJtnetSimulator({ store, now, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
const f = inProcessFetch(sim);
const ctx: ConnectorContext = { fetch: f, baseUrl: 'http://openimp.test/sandbox/jtnet', timeoutMs: TIMEOUT_MS, channel: sandboxChannel('tpaytest0m') };
const w = jtnet.window!;
let seq = 0;

function request(over: Partial<WindowRequest> = {}): WindowRequest {
  const orderId = `imp_win${++seq}`;
  return {
    orderId, merchantUid: `m_${orderId}`, amount: 14_000, currency: 'KRW', taxFree: 0, payMethod: 'card', name: '테스트 주문',
    buyer: { name: '홍길동', email: 'buyer@example.com', tel: '010-1234-5678', addr: null, postcode: null },
    billing: null, escrow: false, device: 'pc', language: 'ko', vbankDue: null, options: {},
    returnUrl: `https://gw.example/return/${orderId}`, notifyUrl: 'https://gw.example/pg/jtnet/notify', ...over,
  };
}

const approveCard = (number: string = testCards.approveShinhan.number) => ({ choice: 'approve', method: 'card', testCard: number, expiry: '12/40', quota: '0' });

async function pay(req: WindowRequest, inputs: Record<string, string>, c = ctx) {
  const back = await runWindow(c.fetch, w.start(c, req), inputs);
  assert.equal(back.url, req.returnUrl);
  return { back, outcome: await w.complete(c, { orderId: req.orderId, returned: back.fields }) };
}

describe('jtnet window', () => {
  it('pays by card: the browser brings a token, complete approves it once', async () => {
    const req = request();
    const { back, outcome } = await pay(req, approveCard());
    assert.equal(back.method, 'POST');
    assert.ok(!JSON.stringify(back.fields).includes(testCards.approveShinhan.number));
    assert.ok(outcome.kind === 'approved' && outcome.payMethod === 'card', JSON.stringify(outcome));
    assert.deepEqual(outcome.card, { code: '366', name: '신한카드', number: '936600******0009', type: 0 });
    assert.deepEqual(await w.complete(ctx, { orderId: req.orderId, returned: back.fields }), outcome, 'a repeated confirmation answers the same');
    assert.equal(sim.approvedCharges(req.orderId), 1);
    const { payMethod: _p, bank: _b, embPgProvider: _e, ...approved } = outcome;
    assert.deepEqual(await jtnet.getTransaction(ctx, { orderId: req.orderId }), { ...approved, refunds: { total: 0, cancels: [] } });
    assert.ok(!store.dump().join('\n').includes(testCards.approveShinhan.number), 'no full card number at rest');
  });

  it('reports a user cancel and a tester decline with the PG message, charging nothing', async () => {
    const cancelled = await pay(request(), { choice: 'cancel' });
    assert.equal(cancelled.outcome.kind, 'user_cancelled');
    const req = request();
    const declined = await pay(req, { choice: 'decline', declineMessage: '카드사 응답 없음' });
    assert.deepEqual(declined.outcome, { kind: 'declined', pgTid: null, pgCode: 'W002', pgMessage: '카드사 응답 없음' });
    assert.equal(sim.approvedCharges(req.orderId), 0);
  });

  it('declines a test card at approval with the JTNet code', async () => {
    const { outcome } = await pay(request(), approveCard(testCards.insufficientFunds.number));
    assert.ok(outcome.kind === 'declined' && outcome.pgCode === 'F121' && outcome.pgMessage.includes('잔액부족'), JSON.stringify(outcome));
  });

  it('issues a billing key only for amount 0, and key plus charge above 0 (SEED 003)', async () => {
    const keyOnly = request({ amount: 0, billing: { customerUid: 'c1', charge: false } });
    const a = await pay(keyOnly, approveCard(testCards.approveHyundai.number));
    assert.ok(a.outcome.kind === 'billing_key_issued' && a.outcome.charge === null, JSON.stringify(a.outcome));
    assert.equal(a.outcome.card.number, '936700******0008');
    assert.equal(sim.approvedCharges(keyOnly.orderId), 0);
    const again = await jtnet.chargeBillingKey(ctx, {
      orderId: 'imp_after_window', merchantUid: 'm', amount: 5_000, currency: 'KRW', taxFree: 0, cardQuota: 0, name: null,
      buyer: keyOnly.buyer, billingKey: a.outcome.billingKey, browserIp: null,
    });
    assert.equal(again.kind, 'approved');

    const withCharge = request({ amount: 9_900, billing: { customerUid: 'c2', charge: true } });
    const b = await pay(withCharge, approveCard());
    assert.ok(b.outcome.kind === 'billing_key_issued' && b.outcome.charge?.kind === 'approved', JSON.stringify(b.outcome));
    assert.equal(sim.approvedCharges(withCharge.orderId), 1);
    assert.equal(w.validate(request({ payMethod: 'trans', billing: { customerUid: 'c3', charge: false } })) !== null, true);
  });

  it('pays by transfer and by phone', async () => {
    const trans = await pay(request({ payMethod: 'trans' }), { choice: 'approve', method: 'trans', bank: '088' });
    assert.ok(trans.outcome.kind === 'approved' && trans.outcome.card === null, JSON.stringify(trans.outcome));
    assert.deepEqual(trans.outcome.bank, { code: '088', name: '신한은행' });
    const phone = await pay(request({ payMethod: 'phone' }), { choice: 'approve', method: 'phone', carrier: 'SKT', phone: '01012345678' });
    assert.ok(phone.outcome.kind === 'approved' && phone.outcome.payMethod === 'phone');
  });

  it('issues a vbank, takes the deposit and notifies the gateway with a signed notification', async () => {
    const req = request({ payMethod: 'vbank', vbankDue: now() + 86_400 });
    const { back, outcome } = await pay(req, { choice: 'approve', method: 'vbank', bank: '004' });
    assert.ok(back.html.includes('가상계좌 발급') && back.html.includes('입금하기'), 'the account and the deposit control are shown');
    assert.ok(outcome.kind === 'vbank_issued', JSON.stringify(outcome));
    assert.deepEqual([outcome.vbank.code, outcome.vbank.name, outcome.vbank.due, outcome.vbank.holder], ['004', 'KB국민은행', now() + 86_400, 'JTNet 샌드박스']);
    assert.deepEqual(await jtnet.getTransaction(ctx, { orderId: req.orderId }), { kind: 'pending' });
    assert.equal(sim.approvedCharges(req.orderId), 0);

    const depositPage = await f(`${ctx.baseUrl}/vbank/deposit?mid=tpaytest0m&moid=${req.orderId}`);
    assert.ok((await depositPage.text()).includes(outcome.vbank.num));
    const before = sink.received.length;
    const res = await f(`${ctx.baseUrl}/vbank/deposit`, { method: 'POST', body: new URLSearchParams({ tid: outcome.pgTid, depositorName: '홍길동' }) });
    assert.equal(((await res.json()) as { notified: boolean }).notified, true);
    const note = sink.received[before]!;
    assert.equal(note.url, req.notifyUrl);
    const parsed = await w.parseNotification(ctx, { body: note.body, contentType: note.contentType, query: {} });
    assert.deepEqual(parsed, { kind: 'vbank_deposit', orderId: req.orderId, pgTid: outcome.pgTid, amount: 14_000, depositorName: '홍길동' });
    assert.equal(sim.approvedCharges(req.orderId), 1);
    assert.equal((await jtnet.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
    const twice = await f(`${ctx.baseUrl}/vbank/deposit`, { method: 'POST', body: new URLSearchParams({ tid: outcome.pgTid }) });
    assert.equal(twice.status, 409);

    const forged = note.body.replace('amt=14000', 'amt=1400000');
    assert.equal((await w.parseNotification(ctx, { body: forged, contentType: note.contentType, query: {} })).kind, 'rejected');
    const otherKey = { ...ctx, channel: { ...ctx.channel, secret: 'another-key' } };
    assert.equal((await w.parseNotification(otherKey, { body: note.body, contentType: note.contentType, query: {} })).kind, 'rejected');
  });

  it('refuses a window whose amount was changed in the browser', async () => {
    const start = await windowStart(w.start(ctx, request()));
    const page = await openWindow(f, { ...start, fields: { ...start.fields, amt: '100' } });
    assert.equal(page.status, 400);
    assert.ok(page.html.includes('W004'));
  });

  it('offers only the card companies card.detail enables', async () => {
    const detail = [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }];
    const page = await openWindow(f, w.start(ctx, request({ options: { card: { detail } } })));
    assert.ok(page.html.includes('신한카드') && !page.html.includes('현대카드'));
    const refused = await submitWindow(f, page, approveCard(testCards.approveHyundai.number));
    assert.ok(refused.kind === 'page' && refused.visit.status === 400);
  });

  it('a slow PG past the timeout throws timeout, and the status check finds the approval', async () => {
    const req = request();
    const back = await runWindow(f, w.start(ctx, req), { ...approveCard(), choice: 'slow', delaySec: String((TIMEOUT_MS * 2) / 1000) });
    await assert.rejects(w.complete(ctx, { orderId: req.orderId, returned: back.fields }), (e) => e instanceof PgTransportError && e.reason === 'timeout');
    assert.equal((await jtnet.getTransaction(ctx, { orderId: req.orderId })).kind, 'approved');
  });

  it('does not confirm a token for another order', async () => {
    const req = request();
    const back = await runWindow(f, w.start(ctx, req), approveCard());
    const other = await w.complete(ctx, { orderId: 'imp_someone_else', returned: back.fields });
    assert.equal(other.kind, 'declined');
    assert.equal(sim.approvedCharges(req.orderId), 0);
    const mismatch = await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: 999, currency: 'KRW' });
    assert.ok(mismatch.kind === 'declined' && mismatch.pgCode === 'AMOUNT_MISMATCH', JSON.stringify(mismatch));
    assert.equal((await w.complete(ctx, { orderId: req.orderId, returned: back.fields, amount: 14_000, currency: 'KRW' })).kind, 'approved');
  });
});

describe('jtnet window over a real socket', async () => {
  const server = await serveSimulator(sim);
  after(() => server.close());
  it('pays by card through the global fetch', async () => {
    const remote: ConnectorContext = { ...ctx, fetch, baseUrl: `${server.url}/x/sandbox/jtnet` };
    const req = request();
    const { outcome } = await pay(req, approveCard(), remote);
    assert.equal(outcome.kind, 'approved');
  });
});
