import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PgTransportError, sandboxChannel, type ConnectorContext } from '../contract.ts';
import type { Simulator } from '../../sandbox/contract.ts';
import { cardOf, runConnectorContract } from '../contract.case.ts';
import { inProcessFetch } from '../../sandbox/in-process-fetch.ts';
import { createMemoryStore } from '../../sandbox/memory-store.ts';
import { serveSimulator, type SimulatorServer } from '../../sandbox/http-server.ts';
import { testCards } from '../../sandbox/test-cards.ts';
import { jtnet } from './index.ts';
import { JTNET_SANDBOX_API_KEY } from './wire.ts';
import { createJtnetSimulator } from '../../sandbox/jtnet/simulator.ts';

const now = () => 1_750_000_000; // 2025-06-15
const TIMEOUT_MS = 1500; // generous: CI runs suites in parallel with browser tests
const channel = sandboxChannel('tpaytest1m');

function simulator() {
  const store = createMemoryStore();
  return { store, sim: createJtnetSimulator({ store, now, timeoutDelayMs: TIMEOUT_MS * 2 }) };
}

// (a) In-process: Request objects handed to the simulator, no socket.
const local = simulator();
const localBase = 'http://openimp.test/sandbox/jtnet';
const localCtx = (over: Partial<ConnectorContext> = {}): ConnectorContext =>
  ({ fetch: inProcessFetch(local.sim), baseUrl: localBase, timeoutMs: TIMEOUT_MS, channel, ...over });
runConnectorContract({ name: 'jtnet in-process', connector: jtnet, makeContext: () => localCtx(), approvedCharges: local.sim.approvedCharges });

// (b) Over a real socket with the global fetch, mounted below a prefix like the gateway mounts it.
const remote = simulator();
// Served from a hook, not a top-level await: node:test (with --test-force-exit) ran only the suites
// declared before such an await.
let server: SimulatorServer;
before(async () => { server = await serveSimulator(remote.sim); });
after(() => server?.close());
runConnectorContract({
  name: 'jtnet over HTTP',
  connector: jtnet,
  makeContext: () => ({ fetch, baseUrl: `${server.url}/some/base/sandbox/jtnet`, timeoutMs: TIMEOUT_MS, channel }),
  approvedCharges: remote.sim.approvedCharges,
});

const buyer = { name: null, email: null, tel: null, addr: null, postcode: null };
const charge = (ctx: ConnectorContext, orderId: string, amount: number, number: string = testCards.approveShinhan.number, cardQuota = 0) =>
  jtnet.chargeCard!(ctx, { orderId, merchantUid: `m_${orderId}`, amount, currency: 'KRW', taxFree: 0, card: { ...cardOf('approveShinhan'), number }, cardQuota, name: null, buyer });

/** A raw form POST to the simulator, to check the PG's own answers. */
async function post(sim: Simulator, path: string, form: Record<string, string>): Promise<Record<string, string>> {
  const res = await sim.handle(new Request(`${localBase}${path}`, { method: 'POST', body: new URLSearchParams(form) }));
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, string>;
}

describe('jtnet specifics', () => {
  it('refuses a missing or malformed MID', async () => {
    for (const pgId of ['', 'a b', 'x']) {
      const r = await charge(localCtx({ channel: { ...channel, pgId } }), `imp_mid_${pgId.length}`, 1000);
      assert.deepEqual([r.kind, r.kind === 'declined' && r.pgCode], ['declined', 'E001']);
    }
    const raw = await post(local.sim, '/api/keyin/pay', { moid: 'o1', amt: '1000', cardNo: testCards.approveBc.number, expYY: '40', expMM: '12' });
    assert.equal(raw.resultCd, 'E001');
  });

  it('refuses amounts that are not positive integers', async () => {
    for (const amt of ['0', '-5', '1.5', '', '1e3', '0100']) {
      const raw = await post(local.sim, '/api/keyin/pay', { mid: 'tpaytest1m', api_key: JTNET_SANDBOX_API_KEY, moid: `o_amt_${amt}`, amt, cardNo: testCards.approveBc.number, expYY: '40', expMM: '12' });
      assert.equal(raw.resultCd, 'E002', `amt ${JSON.stringify(amt)}`);
    }
    const r = await charge(localCtx(), 'imp_amount_zero', 0);
    assert.ok(r.kind === 'declined' && r.pgCode === 'E002');
    assert.equal(local.sim.approvedCharges('imp_amount_zero'), 0);
  });

  it('refuses instalments under 50,000 KRW and accepts them above', async () => {
    const low = await charge(localCtx(), 'imp_quota_low', 49_999, undefined, 3);
    assert.ok(low.kind === 'declined' && low.pgCode === 'E004');
    assert.equal((await charge(localCtx(), 'imp_quota_ok', 50_000, undefined, 3)).kind, 'approved');
  });

  it('refuses a cancel of a tid it does not know, or of another MID', async () => {
    const base = { orderId: 'imp_x', requestId: 'cncl_test_1', amount: 1000, taxFree: 0, currency: 'KRW' as const, remaining: 1000, reason: null, refund: null };
    const unknown = await jtnet.cancel(localCtx(), { ...base, pgTid: 'tpaytest1m01250615000000123456' });
    assert.deepEqual(unknown, { kind: 'rejected', pgCode: 'C002', pgMessage: '원거래가 존재하지 않습니다' });
    const paid = await charge(localCtx(), 'imp_other_mid', 1000);
    assert.equal(paid.kind, 'approved');
    const otherMid = await jtnet.cancel(localCtx({ channel: { ...channel, pgId: 'othermid01' } }), { ...base, pgTid: paid.kind === 'approved' ? paid.pgTid : '' });
    assert.equal(otherMid.kind === 'rejected' && otherMid.pgCode, 'C002');
  });

  it('refuses a full cancel whose amount is not the PG balance (a stale remaining)', async () => {
    const paid = await charge(localCtx(), 'imp_stale', 10_000);
    assert.equal(paid.kind, 'approved');
    const pgTid = paid.kind === 'approved' ? paid.pgTid : '';
    const req = { orderId: 'imp_stale', requestId: 'cncl_test_2', pgTid, taxFree: 0, currency: 'KRW' as const, reason: null, refund: null };
    assert.equal((await jtnet.cancel(localCtx(), { ...req, amount: 4_000, remaining: 10_000 })).kind, 'cancelled');
    const stale = await jtnet.cancel(localCtx(), { ...req, amount: 10_000, remaining: 10_000 });
    assert.ok(stale.kind === 'rejected' && stale.pgCode === 'C001');
    const wrongKind = await jtnet.cancel(localCtx(), { ...req, amount: 5_000, remaining: 5_000 });
    assert.ok(wrongKind.kind === 'rejected' && wrongKind.pgCode === 'C004');
  });

  it('answers a repeated order with another amount with an error, charging nothing more', async () => {
    assert.equal((await charge(localCtx(), 'imp_dup_amount', 1000)).kind, 'approved');
    const again = await charge(localCtx(), 'imp_dup_amount', 2000);
    assert.ok(again.kind === 'declined' && again.pgCode === 'E101');
    assert.equal(local.sim.approvedCharges('imp_dup_amount'), 1);
  });

  it('lets an order that was declined be tried again', async () => {
    assert.equal((await charge(localCtx(), 'imp_retry', 1000, testCards.limitExceeded.number)).kind, 'declined');
    assert.equal((await charge(localCtx(), 'imp_retry', 1000)).kind, 'approved');
    assert.equal((await jtnet.getTransaction(localCtx(), { orderId: 'imp_retry' })).kind, 'approved');
    assert.equal(local.sim.approvedCharges('imp_retry'), 1);
  });

  it('reports the JTNet decline codes and looks declines up as declined', async () => {
    const r = await charge(localCtx(), 'imp_f121', 1000, testCards.insufficientFunds.number);
    assert.deepEqual({ ...r, pgTid: null }, { kind: 'declined', pgTid: null, pgCode: 'F121', pgMessage: '잔액부족' });
    const status = await jtnet.getTransaction(localCtx(), { orderId: 'imp_f121' });
    assert.ok(status.kind === 'declined' && status.pgCode === 'F121');
    const invalid = await charge(localCtx(), 'imp_f113', 1000, testCards.invalidNumber.number);
    assert.deepEqual(invalid, { kind: 'invalid_card', pgCode: 'F113', pgMessage: '거래거절 카드번호틀림' });
  });

  it('binds billing keys to the MID that issued them', async () => {
    const issued = await jtnet.issueBillingKey!(localCtx(), { customerUid: 'c1', card: cardOf('approveWooriCheck'), buyer });
    assert.ok(issued.kind === 'issued');
    assert.deepEqual(issued.card, { code: '041', name: '우리카드', number: '904101******0001', type: 1 });
    const req = { orderId: 'imp_key_mid', merchantUid: 'm', amount: 1000, currency: 'KRW' as const, taxFree: 0, cardQuota: 0, name: null, buyer, billingKey: issued.billingKey, browserIp: null };
    const other = await jtnet.chargeBillingKey(localCtx({ channel: { ...channel, pgId: 'othermid01' } }), req);
    assert.ok(other.kind === 'declined' && other.pgCode === 'F301');
    assert.equal((await jtnet.chargeBillingKey(localCtx(), req)).kind, 'approved');
  });

  it('keeps no full card number in its store', async () => {
    await jtnet.issueBillingKey!(localCtx(), { customerUid: 'c2', card: cardOf('approveHyundai'), buyer });
    await charge(localCtx(), 'imp_store_scan', 1000, testCards.approveHyundai.number);
    const dump = local.store.dump().join('\n');
    assert.ok(dump.includes('936700******0008'));
    for (const card of Object.values(testCards)) assert.ok(!dump.includes(card.number), `${card.number} stored`);
  });

  it('serves a receipt with the masked card', async () => {
    const r = await charge(localCtx(), 'imp_receipt', 1234, testCards.approveSamsung.number);
    assert.ok(r.kind === 'approved' && r.receiptUrl);
    const page = await local.sim.handle(new Request(r.receiptUrl));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes('936500******0000') && html.includes('1,234원') && !html.includes(testCards.approveSamsung.number));
  });

  it('answers 404 for paths it does not serve', async () => {
    const res = await local.sim.handle(new Request(`${localBase}/api/nothing`, { method: 'POST' }));
    assert.equal(res.status, 404);
  });

  it('maps transport failures to PgTransportError', async () => {
    const failing = (reason: PgTransportError['reason'], f: typeof fetch) =>
      assert.rejects(charge(localCtx({ fetch: f }), 'imp_transport', 1000), (e) => e instanceof PgTransportError && e.reason === reason);
    await failing('unreachable', async () => { throw new TypeError('fetch failed'); });
    await failing('bad_response', async () => new Response('not json', { status: 200 }));
    await failing('bad_response', async () => Response.json({ hello: 'world' }));
    await failing('bad_response', async () => Response.json({ resultCd: '3001', resultMsg: 'ok' })); // approval without tid
    await failing('bad_response', async () => Response.json({ resultCd: '3001', resultMsg: 'ok', tid: 't', amt: '999' })); // other amount
    await failing('bad_response', async () => new Response('{}', { status: 502 }));
    const closed = await serveSimulator(local.sim);
    await closed.close();
    await assert.rejects(charge({ ...localCtx(), fetch, baseUrl: closed.url }, 'imp_closed', 1000), (e) => e instanceof PgTransportError && e.reason === 'unreachable');
  });
});
