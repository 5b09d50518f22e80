/**
 * The checkout against the real sandbox PG windows (no browser; test/checkout/sandbox-driver.ts), on
 * every test database driver:
 *  - confirm_url (reference §8.2) is asked right BEFORE the gateway has PAYCO or KICC approve; a
 *    refusal or a timeout fails the payment and the PG never approves (its approvedCharges stay 0);
 *    JTNet (tPay) and Paymentwall approve inside their windows, so it is asked when the result comes and
 *    a refusal is refunded at the PG at once;
 *  - a PG approval slower than the connector timeout leaves the attempt unknown (ready, in flight), and
 *    the background re-check settles it from the PG through the window logic: card fields, vbank, key.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { completeCheckout } from '../../src/app/complete-checkout.ts';
import { resolveUnknownAttempts } from '../../src/app/resolve-unknown-attempts.ts';
import type { Provider } from '../../src/core/payment.ts';
import { sandboxBooks } from '../../src/sandbox/books.ts';
import { sandboxStore } from '../../src/storage/sandbox-records.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg, rspOf } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

const gatewayApproved: Provider[] = ['payco', 'kicc'];

for (const driver of testDrivers()) {
  describe(`checkout through the sandbox PG windows (${driver})`, () => {
    let gw: TestGateway;
    let shop: Server;
    let shopUrl = '';
    /** imp_uid -> how many approvals the PG had recorded when confirm_url was asked. */
    const chargesAtConfirm = new Map<string, number>();
    before(async () => {
      gw = await startGateway(driver);
      shop = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', () => {
          const { imp_uid: imp } = JSON.parse(body) as { imp_uid: string };
          const pg = new URL(req.url!, 'http://shop').searchParams.get('pg') as Provider;
          chargesAtConfirm.set(imp, gw.simulators[pg]!.approvedCharges(imp));
          if (req.url!.startsWith('/ok')) return res.writeHead(200).end('OK');
          if (req.url!.startsWith('/hang')) return void setTimeout(() => res.writeHead(200).end('late'), 1500);
          res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: '재고 없음' }));
        });
      });
      await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
      shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    });
    after(async () => {
      shop.close();
      await gw.close();
    });
    const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
    const inFlight = async (imp: string) => (await gw.ctx.db.query<{ f: boolean }>('select in_flight as f from payments where imp_uid = $1', [imp]))[0]!.f;
    const paramsFor = (pg: Provider, over: Record<string, unknown> = {}) => baseParams({ pg, ...over });

    for (const pg of gatewayApproved) {
      it(`${pg}: confirm_url is asked before the approval; a refusal or a timeout charges nothing`, async () => {
        const sim = gw.simulators[pg]!;
        const ok = await throughSandboxWindow(gw, paramsFor(pg, { confirm_url: `${shopUrl}/ok?pg=${pg}` }), cardChoice('approve'));
        assert.equal(rspOf(await returnFromPg(gw, ok.impUid, ok.back.fields)).status, 'paid');
        assert.equal(chargesAtConfirm.get(ok.impUid), 0, 'asked before the PG approved');
        assert.equal(sim.approvedCharges(ok.impUid), 1);

        const no = await throughSandboxWindow(gw, paramsFor(pg, { confirm_url: `${shopUrl}/refuse?pg=${pg}` }), cardChoice('approve'));
        const rsp = rspOf(await returnFromPg(gw, no.impUid, no.back.fields));
        assert.deepEqual([rsp.success, rsp.status, rsp.error_code], [false, 'failed', 'F0006']);
        assert.equal((await payment(no.impUid)).fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 없음)');
        assert.equal(sim.approvedCharges(no.impUid), 0, 'the PG never approved');

        // The 10 s limit, shortened: the merchant answers after 1.5 s.
        const slow = await throughSandboxWindow(gw, paramsFor(pg, { confirm_url: `${shopUrl}/hang?pg=${pg}` }), cardChoice('approve'));
        const s = await completeCheckout(gw.ctx, { publicUrl: 'http://localhost:4000', fetch, confirmTimeoutMs: 300 }, slow.impUid, slow.back.fields);
        assert.equal(s!.payment.status, 'failed');
        assert.equal(s!.payment.failReason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : confirm_url 응답시간 초과)');
        assert.equal(sim.approvedCharges(slow.impUid), 0);
      });

      it(`${pg}: an approval slower than the connector timeout stays unknown; the re-check settles it from the PG`, async () => {
        const run = await throughSandboxWindow(gw, paramsFor(pg), cardChoice('slow', { delaySec: '2' }));
        const waiting = await returnFromPg(gw, run.impUid, run.back.fields);
        assert.match(waiting.body, /data-result="pending"/, 'the window waits: the outcome is unknown');
        if (pg === 'kicc') {
          // KICC also reports the approval to its webhook (notiType 10), which the gateway reads back from
          // KICC's lookup: that settles it while the window still waits, and the re-check finds nothing left.
          for (let i = 0; i < 50 && (await payment(run.impUid)).status !== 'paid'; i++) await new Promise((r) => setTimeout(r, 100));
          assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 0);
        } else {
          assert.equal((await payment(run.impUid)).status, 'ready');
          assert.equal(await inFlight(run.impUid), true, 'never guessed; the order stays claimed');
          assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
        }
        const pay = await payment(run.impUid);
        assert.deepEqual([pay.status, pay.channel, pay.pay_method], ['paid', 'pc', 'card'], JSON.stringify(pay));
        assert.ok(pay.pg_tid && pay.apply_num && pay.card_number, 'the approval fields of the window outcome');
        assert.equal(await inFlight(run.impUid), false);
        assert.equal(gw.simulators[pg]!.approvedCharges(run.impUid), 1, 'asked again, charged once');
      });
    }

    it('paymentwall approves in its widget: confirm_url is asked at the pingback, and a refusal cancels the approval (docs/differences.md)', async () => {
      const params = paramsFor('paymentwall', { currency: 'USD', amount: 20, buyer_name: 'Jack Son', confirm_url: `${shopUrl}/refuse?pg=paymentwall` });
      const run = await throughSandboxWindow(gw, params, cardChoice('approve'));
      await returnFromPg(gw, run.impUid, run.back.fields);
      assert.equal(chargesAtConfirm.get(run.impUid), 1, 'Paymentwall had approved before the merchant could be asked');
      const pay = await payment(run.impUid);
      assert.deepEqual([pay.status, pay.fail_reason], ['failed', '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 없음)']);
      // Paymentwall's own books: the whole approval refunded (pending or answered already; its refunds are asynchronous).
      const tx = await sandboxBooks(sandboxStore(gw.sandboxDb, 'paymentwall')).findOrder(pay.pg_id ?? 'pw_demo_project', run.impUid);
      assert.deepEqual(tx?.cancels.map((c) => c.amount), [2000], JSON.stringify(tx));
    });

    it('paymentwall: a cancel is a ticket (hold kept, payment still paid); its refund pingback settles it once, with the request\'s reason', async () => {
      const run = await throughSandboxWindow(gw, paramsFor('paymentwall', { currency: 'USD', amount: 20, buyer_name: 'Jack Son' }), cardChoice('approve'));
      await returnFromPg(gw, run.impUid, run.back.fields);
      assert.equal((await payment(run.impUid)).status, 'paid');
      const c = await gw.call('POST', '/payments/cancel', { json: { imp_uid: run.impUid, reason: '고객 요청' } });
      assert.deepEqual([c.body.code, c.body.response.status, c.body.response.cancel_amount], [0, 'paid', 0], c.raw);
      assert.equal((await gw.call('POST', '/payments/cancel', { json: { imp_uid: run.impUid } })).body.message, '같은 결제건에 대한 다른 취소요청이 처리 중입니다.');
      const processed = await gw.simulators.paymentwall!.handle(new Request('http://gw.test/sandbox/paymentwall/sandbox/refunds/process', { method: 'POST' }));
      assert.equal(processed.status, 200);
      const pay = await payment(run.impUid);
      assert.deepEqual([pay.status, pay.cancel_amount, pay.cancel_history.length, pay.cancel_history[0]?.reason], ['cancelled', 20, 1, '고객 요청'], JSON.stringify(pay));
      const open = await gw.ctx.db.query(`select outcome from payment_cancel_attempts where imp_uid = $1`, [run.impUid]);
      assert.deepEqual(open.map((r) => r.outcome), ['made']);
    });

    // tPay approves inside its window (sample payType 1, 일반승인): the result the browser brings back is
    // the approval, checked by its encrypted amt/moid; resultConfirm after it is only an acknowledgement.
    it('jtnet approves in its window: confirm_url is asked when its result returns, and a refusal refunds the approval at once', async () => {
      const ok = await throughSandboxWindow(gw, paramsFor('jtnet', { confirm_url: `${shopUrl}/ok?pg=jtnet` }), cardChoice('approve'));
      assert.equal(rspOf(await returnFromPg(gw, ok.impUid, ok.back.fields)).status, 'paid');
      assert.equal(chargesAtConfirm.get(ok.impUid), 1, 'tPay had approved before the merchant could be asked');

      const no = await throughSandboxWindow(gw, paramsFor('jtnet', { confirm_url: `${shopUrl}/refuse?pg=jtnet` }), cardChoice('approve'));
      const rsp = rspOf(await returnFromPg(gw, no.impUid, no.back.fields));
      assert.deepEqual([rsp.success, rsp.status, rsp.error_code], [false, 'failed', 'F0006']);
      const pay = await payment(no.impUid);
      assert.equal(pay.fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 없음)');
      const tx = await sandboxBooks(sandboxStore(gw.sandboxDb, 'jtnet')).findOrder(pay.pg_id, no.impUid);
      assert.deepEqual(tx?.cancels.map((c) => c.amount), [pay.amount], 'the whole approval refunded at tPay (refunds)');
    });

    it('jtnet: a slow acknowledgement (resultConfirm) leaves nothing unknown: the returned result is the approval', async () => {
      const run = await throughSandboxWindow(gw, paramsFor('jtnet'), cardChoice('slow', { delaySec: '3' }));
      assert.equal(rspOf(await returnFromPg(gw, run.impUid, run.back.fields)).status, 'paid');
      const pay = await payment(run.impUid);
      assert.ok(pay.pg_tid && pay.apply_num && pay.card_number, JSON.stringify(pay));
      assert.equal(await inFlight(run.impUid), false);
      assert.equal(gw.simulators.jtnet!.approvedCharges(run.impUid), 1);
    });

    it('jtnet: a vbank window returns its issued account (ready), not a charge, even with a slow acknowledgement', async () => {
      const run = await throughSandboxWindow(gw, paramsFor('jtnet', { pay_method: 'vbank' }), { choice: 'slow', delaySec: '3', method: 'vbank', bank: '004' });
      const rsp = rspOf(await returnFromPg(gw, run.impUid, run.back.fields));
      const pay = await payment(run.impUid);
      assert.deepEqual([pay.status, pay.pay_method, pay.vbank_code], ['ready', 'vbank', '004'], JSON.stringify(pay));
      assert.ok(pay.vbank_num && pay.vbank_date > 0);
      assert.equal(await inFlight(run.impUid), false);
      assert.deepEqual([rsp.success, rsp.status, rsp.vbank_num], [true, 'ready', pay.vbank_num], 'the window shows the issued account');
    });

    it('jtnet: a billing window (amount 0) stores its key from the returned result', async () => {
      const customerUid = `key_${driver}_${Date.now().toString(36)}`;
      const run = await throughSandboxWindow(gw, paramsFor('jtnet', { amount: 0, customer_uid: customerUid }), cardChoice('slow', { delaySec: '3' }));
      await returnFromPg(gw, run.impUid, run.back.fields);
      assert.equal(await inFlight(run.impUid), false);
      const pay = await payment(run.impUid);
      assert.deepEqual([pay.status, pay.amount, pay.customer_uid, pay.customer_uid_usage], ['paid', 0, customerUid, 'issue']);
      const key = await gw.call('GET', `/subscribe/customers/${customerUid}`);
      assert.equal(key.body.code, 0, JSON.stringify(key.body));
    });

    it('jtnet: transfer (BANK 4000) and phone (CELLPHONE A000) windows pay through the connector, each approved once', async () => {
      for (const [method, inputs] of [['trans', { bank: '004' }], ['phone', { carrier: 'SKT', phone: '01012345678' }]] as const) {
        const run = await throughSandboxWindow(gw, paramsFor('jtnet', { pay_method: method, amount: 6000 }), { choice: 'approve', method, ...inputs });
        const rsp = rspOf(await returnFromPg(gw, run.impUid, run.back.fields));
        assert.deepEqual([rsp.success, rsp.pay_method, rsp.paid_amount], [true, method, 6000], JSON.stringify(rsp));
        const pay = await payment(run.impUid);
        assert.deepEqual([pay.status, pay.pay_method, pay.amount], ['paid', method, 6000]);
        if (method === 'trans') assert.equal(pay.bank_code, '004');
        assert.equal(gw.simulators.jtnet!.approvedCharges(run.impUid), 1);
      }
    });

    it('jtnet: a billing window with an amount issues the key and charges that amount once (SEED 003); the key then charges again', async () => {
      const customerUid = `key_paid_${driver}_${Date.now().toString(36)}`;
      const run = await throughSandboxWindow(gw, paramsFor('jtnet', { amount: 5000, customer_uid: customerUid }), cardChoice('approve'));
      const rsp = rspOf(await returnFromPg(gw, run.impUid, run.back.fields));
      assert.deepEqual([rsp.success, rsp.paid_amount], [true, 5000], JSON.stringify(rsp));
      const pay = await payment(run.impUid);
      assert.deepEqual([pay.status, pay.amount, pay.customer_uid, pay.customer_uid_usage], ['paid', 5000, customerUid, 'issue']);
      assert.equal(gw.simulators.jtnet!.approvedCharges(run.impUid), 1);
      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: customerUid, merchant_uid: `${customerUid}_2`, amount: 3000 } });
      assert.deepEqual([again.body.code, again.body.response?.status], [0, 'paid'], again.raw);
    });
  });
}
