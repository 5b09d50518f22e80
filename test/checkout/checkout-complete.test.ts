/**
 * After the PG window: the gateway confirms with the PG (window.complete) before anything is paid,
 * honours confirm_url (reference §8.2), delivers rsp / the mobile redirect (§5.3, §5.4), handles
 * asynchronous PGs and vbank deposits through /pg/{provider}/notify, and never pays a merchant_uid twice.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { testDrivers } from '../support/db.ts';
import { resolveUnknownAttempts } from '../../src/app/resolve-unknown-attempts.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, getPage, impUidOf, notify, returnFromPg, rspOf, startPay } from './checkout-driver.ts';
import { installFakePg, type FakePg } from './fake-window.ts';

// Every database driver: the claim, session and state-machine SQL differ between PGlite and PostgreSQL.
for (const driver of testDrivers()) describe(`checkout completion (${driver})`, () => {
  let gw: TestGateway;
  let pg: FakePg;
  let merchant: Server;
  let merchantUrl = '';
  const confirmCalls: unknown[] = [];
  before(async () => {
    gw = await startGateway(driver);
    pg = installFakePg(gw);
    merchant = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        confirmCalls.push({ url: req.url, type: req.headers['content-type'], body: JSON.parse(body) });
        pg.timeline.push(`confirm:${JSON.parse(body).imp_uid}`);
        if (req.url === '/confirm/ok') return res.writeHead(200).end('OK');
        if (req.url === '/confirm/no-reason') return res.writeHead(500).end('nope');
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: '재고 부족' }));
      });
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
  });
  after(async () => {
    merchant.close();
    await gw.close();
  });
  const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
  const channelQuery = async (provider: string) => {
    const [c] = await gw.ctx.db.query<{ id: number; merchant_id: number }>("select id, merchant_id from channels where provider = $1 and purpose = 'general'", [provider]);
    return `merchant_id=${c!.merchant_id}&channel_id=${c!.id}`;
  };

  it('approved: the PG is asked (with the expected amount) and rsp carries the V1 fields', async () => {
    const p = baseParams({ custom_data: { order: 7 } });
    const imp = impUidOf(await startPay(gw, p));
    const s = await returnFromPg(gw, imp, { result: 'approve' });
    const rsp = rspOf(s);
    assert.equal(s.message!.request_id, 'req_test1');
    assert.deepEqual(pg.completes.at(-1), { orderId: imp, amount: 14000 });  // the amount the window opened with
    for (const [k, v] of Object.entries({ success: true, imp_success: true, imp_uid: imp, merchant_uid: p.merchant_uid, paid_amount: 14000, status: 'paid', pg_provider: 'jtnet', pg_type: 'payment', pay_method: 'card', apply_num: '30001234', card_name: '신한카드', card_number: '541707******1234', card_quota: 0, currency: 'KRW', name: p.name, buyer_name: 'John Doe', buyer_email: 'iamport@siot.do', buyer_tel: '010-1234-5678', custom_data: '{"order":7}', receipt_url: 'https://receipt.example/1' })) {
      assert.deepEqual(rsp[k], v, k);
    }
    assert.ok(rsp.pg_tid && rsp.paid_at > 0);
    assert.equal(rsp.error_code, undefined);
    const pay = await payment(imp);
    assert.equal(pay.status, 'paid');
    assert.equal(pay.pg_tid, rsp.pg_tid);
    // A second return (reload, forged) changes nothing and does not ask the PG again.
    const n = pg.completes.length;
    assert.equal(rspOf(await returnFromPg(gw, imp, { result: 'decline' })).status, 'paid');
    assert.equal(pg.completes.length, n);
  });

  it('declined: failed with the PG code and message; user cancel: failed with F0005', async () => {
    const a = impUidOf(await startPay(gw, baseParams()));
    const r1 = rspOf(await returnFromPg(gw, a, { result: 'decline' }));
    assert.deepEqual([r1.success, r1.imp_success, r1.status, r1.error_code, r1.error_msg, r1.imp_uid], [false, false, 'failed', '3011', '카드 한도초과', a]);
    assert.equal((await payment(a)).fail_reason, '[3011] 카드 한도초과');
    const b = impUidOf(await startPay(gw, baseParams()));
    const r2 = rspOf(await returnFromPg(gw, b, { result: 'cancel' }));
    assert.deepEqual([r2.success, r2.status, r2.error_code], [false, 'failed', 'F0005']);
    assert.match(r2.error_msg, /결제가 중단되었습니다/);
  });

  it('mobile: a 302 to m_redirect_url with imp_uid, merchant_uid, imp_success, success (existing ? kept)', async () => {
    const p = baseParams({ m_redirect_url: 'https://shop.example/complete?cart=9' });
    const imp = impUidOf(await startPay(gw, p, { device: 'mobile' }));
    const ok = await returnFromPg(gw, imp, { result: 'approve' });
    assert.equal(ok.status, 302);
    assert.equal(ok.location, `https://shop.example/complete?cart=9&imp_uid=${imp}&merchant_uid=${p.merchant_uid}&imp_success=true&success=true`);
    const imp2 = impUidOf(await startPay(gw, baseParams({ m_redirect_url: 'https://shop.example/complete' }), { device: 'mobile' }));
    const bad = new URL((await returnFromPg(gw, imp2, { result: 'decline' })).location!);
    assert.equal(bad.searchParams.get('imp_success'), 'false');
    assert.equal(bad.searchParams.get('error_code'), '3011');
    assert.equal(bad.searchParams.get('error_msg'), '카드 한도초과');
  });

  it('two windows of one merchant_uid: only the first is paid; the second fails F1002 without being approved', async () => {
    const p = baseParams();
    const a = impUidOf(await startPay(gw, p));
    const b = impUidOf(await startPay(gw, p));
    const [ra, rb] = await Promise.all([returnFromPg(gw, a, { result: 'approve' }), returnFromPg(gw, b, { result: 'approve' })]);
    const results = [rspOf(ra), rspOf(rb)];
    assert.equal(results.filter((r) => r.status === 'paid').length, 1, JSON.stringify(results));
    const loser = results.find((r) => r.status !== 'paid')!;
    assert.equal(loser.error_code, 'F1002');
    assert.ok(!pg.completes.some((c) => c.orderId === loser.imp_uid), 'the PG was never asked to approve the second window');
    assert.ok(!pg.cancels.some((c) => c.orderId === loser.imp_uid));
    const [n] = await gw.ctx.db.query<{ n: number }>("select count(*)::int as n from payments where merchant_uid = $1 and status = 'paid'", [p.merchant_uid]);
    assert.equal(n!.n, 1);
  });

  it('confirm_url is asked right before the approval: 200 proceeds; a refusal fails with the V1 fail_reason and nothing is approved', async () => {
    const ok = impUidOf(await startPay(gw, baseParams({ confirm_url: `${merchantUrl}/confirm/ok` })));
    assert.equal(rspOf(await returnFromPg(gw, ok, { result: 'approve' })).status, 'paid');
    const call = confirmCalls.at(-1) as { type: string; body: Record<string, unknown> };
    assert.match(call.type, /application\/json/);
    assert.deepEqual(Object.keys(call.body).sort(), ['amount', 'imp_uid', 'merchant_uid']);
    assert.equal(call.body.amount, 14000);
    assert.deepEqual(pg.timeline.filter((e) => e.endsWith(ok)), [`confirm:${ok}`, `complete:${ok}`]);

    const no = impUidOf(await startPay(gw, baseParams({ confirm_url: `${merchantUrl}/confirm/refuse` })));
    const r = rspOf(await returnFromPg(gw, no, { result: 'approve' }));
    assert.deepEqual([r.success, r.status, r.error_code], [false, 'failed', 'F0006']);
    assert.equal((await payment(no)).fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 부족)');
    assert.deepEqual(pg.timeline.filter((e) => e.endsWith(no)), [`confirm:${no}`], 'complete (the approval) is never called');
    assert.ok(!pg.cancels.some((c) => c.orderId === no), 'nothing to cancel');

    const silent = impUidOf(await startPay(gw, baseParams({ confirm_url: `${merchantUrl}/confirm/no-reason` })));
    await returnFromPg(gw, silent, { result: 'approve' });
    assert.equal((await payment(silent)).fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 알 수 없음)');

    // A cancel in the window approves nothing, so the merchant is not asked.
    const cancelled = impUidOf(await startPay(gw, baseParams({ confirm_url: `${merchantUrl}/confirm/ok` })));
    assert.equal(rspOf(await returnFromPg(gw, cancelled, { result: 'cancel' })).error_code, 'F0005');
    assert.ok(!pg.timeline.includes(`confirm:${cancelled}`));
  });

  it('confirm_url with a PG that approves in its own window (Paymentwall): asked at the result, a refusal cancels the approval', async () => {
    const imp = impUidOf(await startPay(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20, buyer_name: 'Jack Son', confirm_url: `${merchantUrl}/confirm/refuse` })));
    assert.match((await returnFromPg(gw, imp, { result: 'pending' })).body, /data-result="pending"/);
    assert.ok(!pg.timeline.includes(`confirm:${imp}`), 'not asked before the PG reported');
    const r = await notify(gw, 'paymentwall', await channelQuery('paymentwall'), { kind: 'outcome', orderId: imp, result: 'approve', sig: 'ok' });
    assert.equal(r.status, 200);
    const pay = await payment(imp);
    assert.deepEqual([pay.status, pay.fail_reason], ['failed', '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 부족)']);
    assert.ok(pg.cancels.some((c) => c.orderId === imp && c.amount === 2000), 'the PG approval was cancelled at once');
  });

  it('re-check: an approval call that keeps timing out stays unknown (never guessed)', async () => {
    const imp = impUidOf(await startPay(gw, baseParams()));
    assert.match((await returnFromPg(gw, imp, { result: 'unreachable' })).body, /data-result="pending"/);
    pg.records.set(imp, { kind: 'not_found' });
    // Asked again, the approval call times out again: it may still land, so even "not found" proves nothing.
    assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 0);
    assert.equal((await payment(imp)).status, 'ready');
    assert.ok(pg.completes.filter((c) => c.orderId === imp).length >= 2, 'the PG was asked again');
  });

  it('re-check: a pending Paymentwall result the PG never recorded fails (F0007)', async () => {
    const imp = impUidOf(await startPay(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20, buyer_name: 'Jack Son' })));
    await returnFromPg(gw, imp, { result: 'pending' });
    pg.records.set(imp, { kind: 'not_found' });
    assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
    const pay = await payment(imp);
    assert.deepEqual([pay.status, pay.fail_reason], ['failed', 'PG사 통신장애로 결제가 처리되지 않았습니다.']);
    const rsp = rspOf(await returnFromPg(gw, imp, { result: 'pending' }));
    assert.deepEqual([rsp.success, rsp.status, rsp.error_code], [false, 'failed', 'F0007']);
  });

  it('re-check: a Paymentwall result still pending settles from the PG record, asking confirm_url then; a billing window waits for the report', async () => {
    const imp = impUidOf(await startPay(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20, buyer_name: 'Jack Son', confirm_url: `${merchantUrl}/confirm/ok` })));
    await returnFromPg(gw, imp, { result: 'pending' });
    pg.records.set(imp, { kind: 'approved', pgTid: 'pw_tid_1', applyNum: null, card: null, receiptUrl: null, refunds: { total: 0, cancels: [] } });
    const key = impUidOf(await startPay(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20, buyer_name: 'Jack Son', customer_uid: 'pw_wait_key' })));
    await returnFromPg(gw, key, { result: 'pending' });
    pg.records.set(key, { kind: 'approved', pgTid: 'pw_tid_2', applyNum: null, card: null, receiptUrl: null, refunds: { total: 0, cancels: [] } });
    assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
    assert.deepEqual([(await payment(imp)).status, (await payment(imp)).pg_tid], ['paid', 'pw_tid_1']);
    assert.ok(pg.timeline.includes(`confirm:${imp}`));
    assert.equal((await payment(key)).status, 'ready', 'the key is not in the record: not guessed');
  });

  it('vbank: issued -> ready with vbank fields and success; the deposit notification makes it paid', async () => {
    const imp = impUidOf(await startPay(gw, baseParams({ pay_method: 'vbank' })));
    const rsp = rspOf(await returnFromPg(gw, imp, { result: 'vbank' }));
    assert.deepEqual([rsp.success, rsp.status, rsp.vbank_num, rsp.vbank_name, rsp.vbank_date, rsp.pay_method], [true, 'ready', '12345678901234', 'KB국민은행', 1_900_000_000, 'vbank']);
    const q = await channelQuery('jtnet');
    assert.equal((await notify(gw, 'jtnet', q, { kind: 'deposit', orderId: imp, amount: 13000, sig: 'ok' })).status, 400, 'a different amount is not a payment');
    assert.equal((await payment(imp)).status, 'ready');
    const r = await notify(gw, 'jtnet', q, { kind: 'deposit', orderId: imp, amount: 14000, sig: 'ok' });
    assert.deepEqual([r.status, r.body], [200, 'OK']);
    assert.equal((await payment(imp)).status, 'paid');
  });

  it('asynchronous PG: the window waits (status endpoint), the notification settles it; forged ones are refused', async () => {
    const imp = impUidOf(await startPay(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20.5, buyer_name: 'Jack Son' })));
    const waiting = await returnFromPg(gw, imp, { result: 'pending' });
    assert.match(waiting.body, /data-result="pending"/);
    const statusUrl = /var s="([^"]+)"/.exec(waiting.body)![1]!.replace('http://localhost:4000', '');
    assert.deepEqual(JSON.parse((await gw.app.inject({ url: statusUrl })).body), { done: false, status: 'ready' });
    assert.equal((await gw.app.inject({ url: statusUrl.replace(/token=\w+/, 'token=guess') })).statusCode, 404);
    const finish = statusUrl.replace('/status/', '/finish/');
    const timedOut = rspOf(await getPage(gw, `${finish}&timeout=1`));
    assert.deepEqual([timedOut.success, timedOut.error_code, timedOut.status], [false, 'F0008', 'ready']);

    const q = await channelQuery('paymentwall');
    assert.equal((await notify(gw, 'paymentwall', q, { kind: 'outcome', orderId: imp, result: 'approve', sig: 'forged' })).status, 400);
    assert.equal((await notify(gw, 'paymentwall', 'merchant_id=1&channel_id=99999', { kind: 'outcome', orderId: imp, result: 'approve', sig: 'ok' })).status, 400);
    const r = await notify(gw, 'paymentwall', q, { kind: 'outcome', orderId: imp, result: 'approve', sig: 'ok' });
    assert.deepEqual([r.status, r.body], [200, 'OK']);
    assert.deepEqual(JSON.parse((await gw.app.inject({ url: statusUrl })).body), { done: true, status: 'paid' });
    const pay = await payment(imp);
    assert.deepEqual([pay.status, pay.amount, pay.currency], ['paid', 20.5, 'USD']);
    // A duplicate notification is acknowledged and changes nothing.
    assert.equal((await notify(gw, 'paymentwall', q, { kind: 'outcome', orderId: imp, result: 'decline', sig: 'ok' })).status, 200);
    assert.equal((await payment(imp)).status, 'paid');
  });
});
