/**
 * The fake JTNet over HTTP, checked as a merchant written from tPay's sample code would use it: the
 * `webTxInit` form with its `encryptData`, the result posted back with encrypted `amt`/`moid`,
 * `resultConfirm`, and the `/api/v1/` calls with `api_key` / `cancel_pw` (docs/pgs/jtnet-fake.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestDb, testDrivers, type Driver } from '../../../test/support/db.ts';
import { migrateSandboxBooks, sandboxStore } from '../../storage/sandbox-records.ts';
import { serveSimulator, type SimulatorServer } from '../http-server.ts';
import { merchantRegistry } from '../merchants.ts';
import { createSimulators } from '../registry.ts';
import { sandboxApp } from '../server.ts';
import type { SandboxSimulator } from '../simulator.ts';
import { testCards } from '../test-cards.ts';
import { ediDateOf, tpayDecrypt, tpayEncrypt } from './crypto.ts';
import { jtnetTestMerchants } from './wire.ts';

const MID = 'tpaytest0m';
const { merchantKey: KEY, apiKey: API_KEY, cancelPw: CANCEL_PW } = jtnetTestMerchants.tpaytest0m!;
const ADMIN = 'admin-token-for-test';
const NOW = Date.UTC(2026, 0, 10, 3, 0, 0) / 1000;

let server: SimulatorServer;
let jtnet: SandboxSimulator;
let books: Awaited<ReturnType<typeof openTestDb>> | null = null;
const notices: { url: string; body: string }[] = [];

/** The fake PGs on their books in `driver`'s database, served by the sandbox server. */
async function startOn(driver: Driver): Promise<() => Promise<void>> {
  const db = await openTestDb(driver);
  books = db;
  await migrateSandboxBooks(db);
  const merchants = await merchantRegistry(sandboxStore(db, '_registry'));
  const sims = createSimulators({
    store: (pg) => sandboxStore(db, pg), now: () => NOW, timeoutDelayMs: 300, renotifyDelayMs: 150,
    merchantKey: merchants.keyOf, merchantCredentials: merchants.credentialsOf, merchantWith: merchants.merchantWith,
    notify: async (url, init) => {
      notices.push({ url: String(url), body: String(init?.body ?? '') });
      return new Response('OK');
    },
  });
  jtnet = sims.jtnet;
  server = await serveSimulator(sandboxApp({ simulators: sims, merchants, adminToken: ADMIN }));
  return async () => {
    await server.close();
    await db.close();
  };
}

/** A second sandbox (another openimp process's fake PGs) on the same books. */
async function otherProcess(): Promise<{ api: (path: string, fields: Record<string, string>) => Promise<Record<string, string>>; close: () => Promise<void> }> {
  const sims = createSimulators({ store: (pg) => sandboxStore(books!, pg), now: () => NOW, timeoutDelayMs: 300 });
  const other = await serveSimulator(sandboxApp({ simulators: sims, merchants: await merchantRegistry(sandboxStore(books!, '_registry')), adminToken: null }));
  return {
    api: async (path, fields) => (await (await fetch(`${other.url}/jtnet/api/v1/${path}`, form({ mid: MID, api_key: API_KEY, ...fields }))).json()) as Record<string, string>,
    close: other.close,
  };
}

const url = (path: string) => `${server.url}/jtnet${path}`;
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

async function api(path: string, fields: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(url(`/api/v1/${path}`), form({ mid: MID, api_key: API_KEY, ...fields }));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return (await res.json()) as Record<string, string>;
}

/** The merchant's side of the sample: a `webTxInit` form with its encryptData. */
function webTx(o: { moid: string; amt: number; payMethod?: string; key?: string; mid?: string; extra?: Record<string, string> }): Record<string, string> {
  const mid = o.mid ?? MID;
  const ediDate = ediDateOf(NOW);
  return {
    payMethod: o.payMethod ?? 'CARD', transType: '0', goodsName: '주문명:결제테스트', amt: String(o.amt), moid: o.moid, mid,
    mallUserId: 'user1', buyerName: 'John Doe', buyerTel: '01012345678', buyerEmail: 'iamport@siot.do',
    returnUrl: 'https://shop.example/return', cancelUrl: 'https://shop.example/cancel', retryUrl: 'https://shop.example/noti',
    connType: '0', payType: '1', ediDate, encryptData: tpayEncrypt(`${o.amt}${mid}${o.moid}`, ediDate, o.key ?? KEY), mallReserved: 'r1', ...o.extra,
  };
}

const fieldsOf = (html: string): Record<string, string> => {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [decode(m[1]!), decode(m[2]!)]));
};

/** Opens the window and submits the tester's choice; the form the browser posts back to the merchant. */
async function payInWindow(start: Record<string, string>, choice: Record<string, string>): Promise<{ action: string; fields: Record<string, string> }> {
  const opened = await fetch(url('/webTxInit'), { ...form(start), redirect: 'manual' });
  assert.equal(opened.status, 303, await opened.text());
  const page = await fetch(opened.headers.get('location')!);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const done = await fetch(action, form(choice));
  const back = await done.text();
  return { action: /<form method="post" action="([^"]+)"/.exec(back)![1]!, fields: fieldsOf(back) };
}

const card = (number: string = testCards.approveShinhan.number) => ({ choice: 'approve', method: 'card', cardNumber: number, expiry: '12/30', quota: '0' });
const plain = (f: Record<string, string>, name: 'amt' | 'moid', key = KEY) => tpayDecrypt(f[name]!, f.ediDate!, key);

for (const driver of testDrivers()) {
  describe(`fake JTNet over HTTP (${driver})`, () => {
    let stop: () => Promise<void>;
    before(async () => { stop = await startOn(driver); });
    after(() => stop());

    describe('fake JTNet window (webTxInit)', () => {
      it('approves a card inside the window and returns amt and moid encrypted under the result ediDate', async () => {
        const r = await payInWindow(webTx({ moid: 'w-card-1', amt: 14000 }), card());
        assert.equal(r.action, 'https://shop.example/return');
        assert.equal(r.fields.resultCd, '3001');
        assert.equal(r.fields.payMethod, 'CARD');
        assert.equal(plain(r.fields, 'amt'), '14000');
        assert.equal(plain(r.fields, 'moid'), 'w-card-1');
        assert.notEqual(r.fields.amt, '14000');
        assert.match(r.fields.tid!, /^JT01[0-9]{26}$/);
        assert.match(r.fields.authCode!, /^[0-9A-F]{8}$/);
        assert.equal(r.fields.fnCd, '366');
        assert.match(r.fields.cardNo!, /\*/);
        assert.equal(jtnet.approvedCharges('w-card-1'), 1);
        // The PHP sample's curl posts its array of fields as multipart/form-data.
        const multipart = new FormData();
        multipart.append('tid', r.fields.tid!);
        multipart.append('result', '000');
        const confirmed = await fetch(url('/resultConfirm'), { method: 'POST', body: multipart });
        assert.equal(((await confirmed.json()) as Record<string, string>).result_cd, '0000');
      });

      it('refuses a form whose encryptData does not match amt + mid + moid under the merchant key', async () => {
        const start = webTx({ moid: 'w-tamper', amt: 1000 });
        const res = await fetch(url('/webTxInit'), { ...form({ ...start, amt: '10' }), redirect: 'manual' });
        assert.equal(res.status, 400);
        assert.match(await res.text(), /encryptData/);
        const other = await fetch(url('/webTxInit'), { ...form(webTx({ moid: 'w-tamper', amt: 1000, key: jtnetTestMerchants.tpaytest2m!.merchantKey })), redirect: 'manual' });
        assert.equal(other.status, 400);
      });

      it('checks a registered merchant key instead of the published one', async () => {
        const secret = 'registered-merchant-key-0123456789';
        const reg = await fetch(`${server.url}/_control/jtnet/merchants/jtreg0001m`, {
          method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ secret, apiKey: 'reg-api-key', cancelPassword: '999999' }),
        });
        assert.equal(reg.status, 200);
        const published = await fetch(url('/webTxInit'), { ...form(webTx({ moid: 'w-reg', amt: 1000, mid: 'jtreg0001m' })), redirect: 'manual' });
        assert.equal(published.status, 400);
        const r = await payInWindow(webTx({ moid: 'w-reg', amt: 1000, mid: 'jtreg0001m', key: secret }), card());
        assert.equal(r.fields.resultCd, '3001');
        assert.equal(plain(r.fields, 'amt', secret), '1000');
        const wrongKey = await api('refunds', { mid: 'jtreg0001m', tid: r.fields.tid!, cancel_pw: '999999', cancel_amt: '1000', partial_cancel: '0' });
        assert.equal(wrongKey.result_cd, 'E010');
        const cancelled = await api('refunds', { mid: 'jtreg0001m', api_key: 'reg-api-key', tid: r.fields.tid!, cancel_pw: '999999', cancel_amt: '1000', partial_cancel: '0' });
        assert.equal(cancelled.result_cd, '2001');
      });

      it('declines by the test card, with a tid and the decline code, and charges nothing', async () => {
        const r = await payInWindow(webTx({ moid: 'w-decline', amt: 5000 }), card(testCards.insufficientFunds.number));
        assert.equal(r.fields.resultCd, 'F121');
        assert.equal(r.fields.errorCd, 'F121');
        assert.ok(r.fields.tid);
        assert.equal(jtnet.approvedCharges('w-decline'), 0);
      });

      it('a slow PG (the timeout card) approves, and holds back its resultConfirm answer', async () => {
        const r = await payInWindow(webTx({ moid: 'w-slow', amt: 5000 }), card(testCards.pgTimeout.number));
        assert.equal(r.fields.resultCd, '3001');
        const started = Date.now();
        const confirmed = await fetch(url('/resultConfirm'), form({ tid: r.fields.tid!, result: '000' }));
        assert.equal(((await confirmed.json()) as Record<string, string>).result_cd, '0000');
        assert.ok(Date.now() - started >= 300);
        const unknown = await fetch(url('/resultConfirm'), form({ tid: 'JT01000', result: '000' }));
        assert.equal(((await unknown.json()) as Record<string, string>).result_cd, 'C002');
      });

      it('re-sends an approval that was not acknowledged with 000 to retryUrl (재통보), and only that one', async () => {
        const acked = await payInWindow(webTx({ moid: 'w-acked', amt: 2000 }), card());
        await fetch(url('/resultConfirm'), form({ tid: acked.fields.tid!, result: '000' }));
        const lost = await payInWindow(webTx({ moid: 'w-lost', amt: 2000 }), card());
        const declined = await payInWindow(webTx({ moid: 'w-lost-decline', amt: 2000 }), card(testCards.declined.number));
        await new Promise((r) => setTimeout(r, 400));
        const resent = notices.map((n) => Object.fromEntries(new URLSearchParams(n.body))).filter((f) => [acked.fields.tid, lost.fields.tid, declined.fields.tid].includes(f.tid));
        assert.equal(resent.length, 1);
        assert.equal(resent[0]!.tid, lost.fields.tid);
        assert.equal(resent[0]!.resultCd, '3001');
        assert.equal(plain(resent[0]!, 'moid'), 'w-lost');
      });

      it('approves a phone payment (CELLPHONE A000) and refuses a billing window whose card cannot be registered', async () => {
        const phone = await payInWindow(webTx({ moid: 'w-phone', amt: 3000, payMethod: 'CELLPHONE' }), { choice: 'approve', method: 'phone', carrier: 'SKT', phone: '01012345678' });
        assert.equal(phone.fields.resultCd, 'A000');
        assert.equal(jtnet.approvedCharges('w-phone'), 1);
        const refused = await payInWindow(webTx({ moid: 'w-bill-lost', amt: 0, payMethod: 'CDBILLRG' }), card(testCards.lostOrStolen.number));
        assert.equal(refused.fields.resultCd, 'F124');
        assert.equal(refused.fields.cardToken, undefined);
      });

      it('sends a buyer who cancels to cancelUrl', async () => {
        const r = await payInWindow(webTx({ moid: 'w-cancel', amt: 5000 }), { choice: 'cancel' });
        assert.equal(r.action, 'https://shop.example/cancel');
        assert.equal(r.fields.tid, '');
        assert.equal(plain(r.fields, 'moid'), 'w-cancel');
      });

      it('transfers (BANK 4000) and issues a vbank (VBANK 4100) whose deposit is reported to retryUrl', async () => {
        const bank = await payInWindow(webTx({ moid: 'w-bank', amt: 3000, payMethod: 'BANK' }), { choice: 'approve', method: 'trans', bank: '004' });
        assert.equal(bank.fields.resultCd, '4000');
        assert.equal(bank.fields.fnCd, '004');
        const v = await payInWindow(webTx({ moid: 'w-vbank', amt: 7000, payMethod: 'VBANK', extra: { vbankExpDate: '20260115' } }), { choice: 'approve', method: 'vbank', bank: '088' });
        assert.equal(v.fields.resultCd, '4100');
        assert.equal(v.fields.vbankExpDate, '20260115');
        assert.match(v.fields.vbankNum!, /^[0-9]{13}$/);
        assert.equal(jtnet.approvedCharges('w-vbank'), 0);
        const dep = await fetch(`${server.url}/_control/jtnet/vbanks/${v.fields.tid}/deposit`, {
          method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ depositorName: '홍길동' }),
        });
        assert.equal(dep.status, 200);
        assert.equal(((await dep.json()) as { notified: boolean }).notified, true);
        const n = notices.find((x) => new URLSearchParams(x.body).get('resultCd') === '4110' && new URLSearchParams(x.body).get('tid') === v.fields.tid)!;
        assert.equal(n.url, 'https://shop.example/noti');
        const f = Object.fromEntries(new URLSearchParams(n.body));
        assert.equal(f.tid, v.fields.tid);
        assert.equal(f.vbankInputName, '홍길동');
        assert.equal(plain(f, 'amt'), '7000');
        assert.equal(plain(f, 'moid'), 'w-vbank');
        assert.equal(jtnet.approvedCharges('w-vbank'), 1);
      });

      it('CDBILLRG with amt 0 registers the card only; with amt > 0 it also charges (SEED 003)', async () => {
        const only = await payInWindow(webTx({ moid: 'w-bill-0', amt: 0, payMethod: 'CDBILLRG' }), card());
        assert.equal(only.fields.resultCd, '0000');
        assert.match(only.fields.cardToken!, /^[0-9A-F]{32}$/);
        assert.equal(only.fields.tid, '');
        assert.equal(jtnet.approvedCharges('w-bill-0'), 0);
        const paid = await payInWindow(webTx({ moid: 'w-bill-1', amt: 9900, payMethod: 'CDBILLRG' }), card());
        assert.equal(paid.fields.resultCd, '3001');
        assert.ok(paid.fields.cardToken && paid.fields.tid);
        assert.equal(jtnet.approvedCharges('w-bill-1'), 1);
        const again = await api('payments_token', { card_token: only.fields.cardToken!, amt: '3000', moid: 'again-1', goods_nm: 'x' });
        assert.equal(again.result_cd, '0000');
        assert.equal(again.paid_amt, '3000');
      });
    });

    describe('fake JTNet server API (/api/v1)', () => {
      const issue = (number: string = testCards.approveHyundai.number) => api('gen_billkey', { card_num: number, card_exp: '3012', card_pwd: '00', buyer_auth_num: '820213' });

      it('gen_billkey issues a card_token; payments_token charges it once per moid; del_billkey ends it', async () => {
        const key = await issue();
        assert.equal(key.result_cd, '0000');
        assert.equal(key.card_code, '367');
        assert.match(key.card_num!, /\*/);
        const first = await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'tok-1', goods_nm: '정기결제', batch_div: '1' });
        assert.equal(first.result_cd, '0000');
        assert.ok(first.tid && first.app_no);
        const repeat = await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'tok-1', goods_nm: '정기결제' });
        assert.equal(repeat.tid, first.tid);
        assert.equal(jtnet.approvedCharges('tok-1'), 1);
        assert.equal((await api('payments_token', { card_token: key.card_token!, amt: '3001', moid: 'tok-1' })).result_cd, 'E101');
        assert.equal((await api('del_billkey', { card_token: key.card_token! })).result_cd, '0000');
        assert.equal((await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'tok-2' })).result_cd, 'F301');
        assert.equal((await api('del_billkey', { card_token: key.card_token! })).result_cd, 'F301');
      });

      it('payments_token on a key known in memory: a chosen decline, the order charged again, a key deleted through another process', async () => {
        const key = await issue();
        const control = (fields: Record<string, unknown>) => fetch(`${server.url}/_control/jtnet/outcomes/${MID}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(fields) });
        assert.equal((await control({ kind: 'decline', reason: 'insufficient_funds', orderId: 'mem-1' })).status, 200);
        const declined = await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'mem-1' });
        assert.equal(declined.result_cd, 'F121', 'the chosen outcome of a key this process issued');
        const again = await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'mem-1' });
        assert.equal(again.result_cd, '0000', 'a declined order is charged again, as a new transaction');
        assert.notEqual(again.tid, declined.tid);
        assert.equal(jtnet.approvedCharges('mem-1'), 1);
        // Another process's fake JTNet on the same books (the scheduler bench runs two) deletes the key.
        const other = await otherProcess();
        try {
          assert.equal((await other.api('del_billkey', { card_token: key.card_token! })).result_cd, '0000');
        } finally {
          await other.close();
        }
        assert.equal((await api('payments_token', { card_token: key.card_token!, amt: '3000', moid: 'mem-2' })).result_cd, 'F301', 'a key deleted elsewhere is not charged from memory');
        assert.equal(jtnet.approvedCharges('mem-2'), 0);
      });

      it('gen_billkey refuses a malformed expiry, password or birth number, and declining cards', async () => {
        assert.equal((await api('gen_billkey', { card_num: testCards.approveBc.number, card_exp: '1230', card_pwd: '00', buyer_auth_num: '820213' })).result_cd, 'F112');
        assert.equal((await api('gen_billkey', { card_num: testCards.approveBc.number, card_exp: '3012', card_pwd: '0', buyer_auth_num: '820213' })).result_cd, 'F114');
        assert.equal((await issue(testCards.lostOrStolen.number)).result_cd, 'F124');
      });

      it('payments (key-in) approves, declines and falls over by the test card', async () => {
        const ok = await api('payments', { card_num: testCards.approveSamsung.number, card_exp: '3001', amt: '1200', moid: 'key-1', goods_nm: 'x', card_quota: '00' });
        assert.equal(ok.result_cd, '0000');
        const declined = await api('payments', { card_num: testCards.limitExceeded.number, card_exp: '3001', amt: '1200', moid: 'key-2' });
        assert.equal(declined.result_cd, 'F122');
        const broken = await fetch(url('/api/v1/payments'), form({ mid: MID, api_key: API_KEY, card_num: testCards.pgError.number, card_exp: '3001', amt: '1200', moid: 'key-3' }));
        assert.equal(broken.status, 500);
        assert.equal((await api('payments', { card_num: testCards.approveSamsung.number, card_exp: '3001', amt: '1200', moid: 'key-4', card_quota: '03' })).result_cd, 'E004');
        const started = Date.now();
        const late = await api('payments', { card_num: testCards.pgTimeout.number, card_exp: '3001', amt: '1200', moid: 'key-5' });
        assert.ok(Date.now() - started >= 300);
        assert.equal(late.result_cd, '0000');
        assert.equal(jtnet.approvedCharges('key-5'), 1);
      });

      it('refunds cancels part and then the rest, needs cancel_pw, and answers 2013 once nothing is left', async () => {
        const paid = await api('payments', { card_num: testCards.approveShinhan.number, card_exp: '3001', amt: '10000', moid: 'ref-1' });
        const base = { tid: paid.tid!, moid: 'ref-1', cancel_msg: '고객요청' };
        assert.equal((await api('refunds', { ...base, cancel_pw: '000000', cancel_amt: '1000', partial_cancel: '1' })).result_cd, 'C010');
        const part = await api('refunds', { ...base, cancel_pw: CANCEL_PW, cancel_amt: '1000', partial_cancel: '1' });
        assert.equal(part.result_cd, '2001');
        assert.equal(part.tid, paid.tid);
        assert.equal(part.PayMethod, 'CARD');
        assert.match(part.CancelDate!, /^[0-9]{8}$/);
        assert.match(part.CancelTime!, /^[0-9]{6}$/);
        assert.equal((await api('refunds', { ...base, cancel_pw: CANCEL_PW, cancel_amt: '8000', partial_cancel: '0' })).result_cd, 'C004');
        assert.equal((await api('refunds', { ...base, cancel_pw: CANCEL_PW, cancel_amt: '9001', partial_cancel: '1' })).result_cd, 'C001');
        assert.equal((await api('refunds', { ...base, cancel_pw: CANCEL_PW, cancel_amt: '9000', partial_cancel: '0' })).result_cd, '2001');
        assert.equal((await api('refunds', { ...base, cancel_pw: CANCEL_PW, cancel_amt: '9000', partial_cancel: '0' })).result_cd, '2013');
        assert.equal((await api('refunds', { tid: 'JT01nope', cancel_pw: CANCEL_PW, cancel_amt: '1', partial_cancel: '1' })).result_cd, 'C002');
      });

      it('refunds by moid alone cancels that order (how a lost approval is undone)', async () => {
        await api('payments', { card_num: testCards.approveShinhan.number, card_exp: '3001', amt: '2000', moid: 'ref-moid' });
        const r = await api('refunds', { moid: 'ref-moid', cancel_pw: CANCEL_PW, partial_cancel: '0', cancel_msg: '망취소' });
        assert.equal(r.result_cd, '2001');
        assert.equal(r.moid, 'ref-moid');
      });

      it('authenticates every call with the MID api_key', async () => {
        assert.equal((await api('gen_billkey', { api_key: 'wrong', card_num: testCards.approveBc.number, card_exp: '3012', card_pwd: '00', buyer_auth_num: '820213' })).result_cd, 'E010');
        assert.equal((await api('payments', { api_key: '', card_num: testCards.approveBc.number, card_exp: '3012', amt: '100', moid: 'auth-1' })).result_cd, 'E010');
        assert.equal(jtnet.approvedCharges('auth-1'), 0);
      });

      it('issues openimp REST vbanks and answers unknown paths with 404', async () => {
        const v = await api('vbank_issue', { moid: 'rest-vb', amt: '5000', bank_code: '004', vbank_exp_date: '20260120', retry_url: 'https://shop.example/noti' });
        assert.equal(v.result_cd, '4100');
        assert.equal(v.vbank_exp_date, '20260120');
        const res = await fetch(url('/api/v1/acct_status'), form({ mid: MID, api_key: API_KEY }));
        assert.equal(res.status, 404);
      });
    });
  });
}
