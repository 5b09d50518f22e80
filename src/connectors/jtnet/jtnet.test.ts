/**
 * The JTNet connector against tPay's wire as the sources show it (pg-protocols.md §3), with a recording
 * fetch instead of a PG: the fields it sends (webTxInit, /api/v1 forms), and how it reads answers shaped
 * like the ones integrators read (result_cd / card_token / tid / CancelDate). No recorded tPay exchange
 * is public, so the answers here are built from those field lists; the fake JTNet is met over HTTP in
 * test/connectors/contract-on-storage.test.ts and the checkout tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PgTransportError, sandboxChannel, type ConnectorContext, type WindowRequest, type WindowStart } from '../contract.ts';
import { tpayDecrypt, tpayEncrypt } from './crypto.ts';
import { jtnet } from './index.ts';
import { JTNET_TEST_MERCHANT_KEY } from './wire.ts';

type Sent = { url: string; form: Record<string, string> };

function recorder(answer: (path: string, form: Record<string, string>) => unknown, status = 200) {
  const sent: Sent[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
    sent.push({ url, form });
    const body = answer(new URL(url).pathname, form);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { sent, fetch: f };
}

const ctxWith = (f: typeof fetch, creds = {}): ConnectorContext => ({ fetch: f, baseUrl: 'https://webtx.tpay.co.kr', timeoutMs: 1000, channel: sandboxChannel('tpaytest0m', creds) });
const card = { number: '9366000000000009', expiry: { year: 2040, month: 3 }, birth: '900101', pwd2: '12', cvc: null };
const buyer = { name: '홍길동', email: 'a@b.kr', tel: '010-1234-5678', addr: null, postcode: null };

function windowRequest(over: Partial<WindowRequest> = {}): WindowRequest {
  return {
    orderId: 'imp_000000000001', merchantUid: 'm1', amount: 14_000, currency: 'KRW', taxFree: 0, payMethod: 'card', name: '주문', buyer,
    billing: null, escrow: false, device: 'pc', language: 'ko', vbankDue: null, options: {},
    returnUrl: 'https://gw.example/checkout/return/imp_000000000001', notifyUrl: 'https://gw.example/pg/jtnet/1/notify', ...over,
  };
}

/** A result as tPay posts it to returnUrl: amt and moid encrypted under the result's own ediDate. */
function result(over: Record<string, string> = {}, amt = '14000', moid = 'imp_000000000001', key = JTNET_TEST_MERCHANT_KEY): Record<string, string> {
  const ediDate = '20261207080000';
  return {
    payMethod: 'CARD', mid: 'tpaytest0m', tid: 'JT0126120708000012345678901234', amt: tpayEncrypt(amt, key, ediDate), moid: tpayEncrypt(moid, key, ediDate),
    ediDate, resultCd: '3001', resultMsg: '정상처리', authCode: '30001234', authDate: '261207080000', fnCd: '366', fnName: '신한카드',
    cardNo: '936600******0009', cardQuota: '00', ...over,
  };
}

describe('jtnet window (webTxInit, result, resultConfirm)', () => {
  it('posts the documented webTxInit form, encryptData = enc(amt + mid + moid) under its ediDate', async () => {
    const start = (await jtnet.window!.start(ctxWith(fetch), windowRequest())) as WindowStart;
    assert.equal(start.method, 'POST');
    assert.equal(start.url, 'https://webtx.tpay.co.kr/webTxInit');
    const f = start.fields;
    assert.deepEqual([f.payMethod, f.amt, f.moid, f.mid, f.payType, f.transType, f.connType], ['CARD', '14000', 'imp_000000000001', 'tpaytest0m', '1', '0', '0']);
    assert.match(f.ediDate!, /^[0-9]{14}$/);
    assert.equal(tpayDecrypt(f.encryptData!, JTNET_TEST_MERCHANT_KEY, f.ediDate!), '14000tpaytest0mimp_000000000001');
    assert.equal(f.retryUrl, 'https://gw.example/pg/jtnet/1/notify', 'deposits are reported to retryUrl');
    assert.match(f.vbankExpDate!, /^[0-9]{8}$/);
    assert.ok(f.cancelUrl!.startsWith(`${f.returnUrl}?`));
  });

  it('opens a billing window as CDBILLRG, amount 0 included; pay methods map to tPay names', async () => {
    const w = jtnet.window!;
    const fieldsOf = async (r: WindowRequest) => ((await w.start(ctxWith(fetch), r)) as WindowStart).fields;
    assert.equal((await fieldsOf(windowRequest({ amount: 0, billing: { customerUid: 'c1', charge: false } }))).payMethod, 'CDBILLRG');
    for (const [ours, theirs] of [['trans', 'BANK'], ['vbank', 'VBANK'], ['phone', 'CELLPHONE']]) {
      assert.equal((await fieldsOf(windowRequest({ payMethod: ours! }))).payMethod, theirs);
    }
    assert.ok(w.validate(windowRequest({ payMethod: 'kakaopay' })));
    assert.ok(w.validate(windowRequest({ payMethod: 'trans', billing: { customerUid: 'c1', charge: false } })));
  });

  it('approves a result whose decrypted amt and moid are the attempt\'s, then acknowledges it with resultConfirm {tid, 000}', async () => {
    const pg = recorder(() => 'OK');
    const outcome = await jtnet.window!.complete(ctxWith(pg.fetch), { orderId: 'imp_000000000001', returned: result(), amount: 14_000, currency: 'KRW' });
    assert.deepEqual(outcome, {
      kind: 'approved', pgTid: 'JT0126120708000012345678901234', applyNum: '30001234', receiptUrl: null, payMethod: 'card', bank: null, embPgProvider: null,
      card: { code: '366', name: '신한카드', number: '936600******0009', type: null },
    });
    assert.deepEqual(pg.sent, [{ url: 'https://webtx.tpay.co.kr/resultConfirm', form: { tid: 'JT0126120708000012345678901234', result: '000' } }]);
  });

  it('refuses forged results without acknowledging them: another moid, another key, another MID', async () => {
    const pg = recorder(() => 'OK');
    const w = jtnet.window!;
    const complete = (returned: Record<string, string>) => w.complete(ctxWith(pg.fetch), { orderId: 'imp_000000000001', returned, amount: 14_000, currency: 'KRW' });
    for (const returned of [result({}, '14000', 'imp_someone_else'), result({}, '14000', 'imp_000000000001', 'another-merchant-key-0123456789'), result({ mid: 'othermid0m' }), { resultCd: '3001' }]) {
      const o = await complete(returned);
      assert.ok(o.kind === 'declined' && o.pgCode === 'FORGED_RESULT', JSON.stringify(o));
    }
    assert.equal(pg.sent.length, 0);
  });

  it('an approval of another amount is declined and refunded at once (refunds, full)', async () => {
    const pg = recorder((path) => (path === '/api/v1/refunds' ? { result_cd: '2001', result_msg: '취소 성공', tid: 'JT01X' } : 'OK'));
    const o = await jtnet.window!.complete(ctxWith(pg.fetch), { orderId: 'imp_000000000001', returned: result({}, '100'), amount: 14_000, currency: 'KRW' });
    assert.ok(o.kind === 'declined' && o.pgCode === 'AMOUNT_MISMATCH', JSON.stringify(o));
    assert.equal(pg.sent.length, 1);
    assert.deepEqual([pg.sent[0]!.url, pg.sent[0]!.form.cancel_amt, pg.sent[0]!.form.partial_cancel, pg.sent[0]!.form.tid], ['https://webtx.tpay.co.kr/api/v1/refunds', '100', '0', 'JT0126120708000012345678901234']);
  });

  it('reads declines, the buyer\'s cancel, transfers, vbanks and billing keys', async () => {
    const w = jtnet.window!;
    const pg = recorder(() => 'OK');
    const complete = (returned: Record<string, string>, amount = 14_000) => w.complete(ctxWith(pg.fetch), { orderId: 'imp_000000000001', returned, amount, currency: 'KRW' });
    assert.deepEqual(await complete(result({ resultCd: 'F121', resultMsg: '잔액부족', tid: '' })), { kind: 'declined', pgTid: null, pgCode: 'F121', pgMessage: '잔액부족' });
    assert.equal((await complete({ jtnet_cancel: '1' })).kind, 'user_cancelled');
    assert.equal((await complete(result({ resultCd: '9001', resultMsg: '사용자 취소' }))).kind, 'user_cancelled');
    const bank = await complete(result({ payMethod: 'BANK', resultCd: '4000', fnCd: '004', fnName: 'KB국민은행' }));
    assert.ok(bank.kind === 'approved' && bank.payMethod === 'trans' && bank.bank?.code === '004' && bank.card === null, JSON.stringify(bank));
    const vbank = await complete(result({ payMethod: 'VBANK', resultCd: '4100', fnCd: '004', fnName: 'KB국민은행', vbankNum: '12345678901234', vbankExpDate: '20261208' }));
    assert.ok(vbank.kind === 'vbank_issued' && vbank.vbank.num === '12345678901234', JSON.stringify(vbank));
    assert.equal(vbank.vbank.due, Date.UTC(2026, 11, 8, 14, 59, 59) / 1000, 'the end of that Korean day');
    const keyOnly = await complete(result({ payMethod: 'CDBILLRG', resultCd: '0000', tid: '', cardToken: 'TOKEN0001' }, '0'), 0);
    assert.ok(keyOnly.kind === 'billing_key_issued' && keyOnly.billingKey === 'TOKEN0001' && keyOnly.charge === null, JSON.stringify(keyOnly));
    const keyAndCharge = await complete(result({ payMethod: 'CDBILLRG', cardToken: 'TOKEN0002' }));
    assert.ok(keyAndCharge.kind === 'billing_key_issued' && keyAndCharge.charge?.kind === 'approved', JSON.stringify(keyAndCharge));
    const declinedCharge = await complete(result({ payMethod: 'CDBILLRG', resultCd: 'F122', resultMsg: '한도초과', cardToken: 'TOKEN0003' }));
    assert.ok(declinedCharge.kind === 'billing_key_issued' && declinedCharge.charge?.kind === 'declined', JSON.stringify(declinedCharge));
    assert.equal((await complete(result({ payMethod: 'CDBILLRG', resultCd: 'F113', tid: '' }))).kind, 'declined', 'no key: a decline');
  });

  it('reads a result tPay itself posted (tpaytest0m, recorded in a Rails integration): a card decline 3021, not acknowledged', async () => {
    const recorded = {
      payMethod: 'CARD', mid: 'tpaytest0m', tid: 'tpaytest0m01011506101553209040', mallUserId: 'tpay_id', buyerName: 't_구매자명', buyerTel: '0212345678',
      buyerEmail: 'aaa@bbb.com', mallReserved: 'MallReserved', goodsName: 't_상품명', authDate: '150610155655', authCode: '', fnCd: '02', fnName: 'KB국민',
      resultCd: '3021', resultMsg: '유효기간 오류', cardNo: '9999999999999999', cardQuota: '00', cardPoint: '', usePoint: '000000000', balancePoint: '000000000',
      vbankNum: '', vbankExpDate: '20150611', cashReceipt: '', receiptTypeNo: '', receiptType: '', ediDate: '20150610155438',
      amt: 'iDhwcBIJvm09VcnnrLR1eQ==', moid: 'KR03vYhH+H0NEfVvsQ9YPg==',
    };
    const pg = recorder(() => 'OK');
    const ctx = { ...ctxWith(pg.fetch), channel: sandboxChannel('tpaytest0m') };
    const o = await jtnet.window!.complete(ctx, { orderId: 'toid1234567890', returned: recorded, amount: 1004, currency: 'KRW' });
    assert.deepEqual(o, { kind: 'declined', pgTid: 'tpaytest0m01011506101553209040', pgCode: '3021', pgMessage: '유효기간 오류' });
    const forOther = await jtnet.window!.complete(ctx, { orderId: 'toid1234567891', returned: recorded, amount: 1004, currency: 'KRW' });
    assert.equal(forOther.kind === 'declined' && forOther.pgCode, 'FORGED_RESULT');
    assert.equal(pg.sent.length, 0);
  });

  it('an unanswered resultConfirm changes nothing of the outcome', async () => {
    const down = (async () => { throw new TypeError('connect ECONNREFUSED'); }) as unknown as typeof fetch;
    const o = await jtnet.window!.complete(ctxWith(down), { orderId: 'imp_000000000001', returned: result(), amount: 14_000, currency: 'KRW' });
    assert.equal(o.kind, 'approved');
  });

  it('reads a deposit report posted to retryUrl, authenticated by its encryption', async () => {
    const body = new URLSearchParams({ ...result({ payMethod: 'VBANK', resultCd: '4110', vbankInputName: '김입금' }) }).toString();
    const n = await jtnet.window!.parseNotification(ctxWith(fetch), { body, contentType: 'application/x-www-form-urlencoded', query: {} });
    assert.deepEqual(n, { kind: 'vbank_deposit', orderId: 'imp_000000000001', pgTid: 'JT0126120708000012345678901234', amount: 14_000, depositorName: '김입금' });
    const other = await jtnet.window!.parseNotification(ctxWith(fetch, { secret: 'another-merchant-key-0123456789' }), { body, contentType: null, query: {} });
    assert.equal(other.kind, 'rejected');
  });
});

describe('jtnet server API (/api/v1)', () => {
  const ok = { result_cd: '0000', result_msg: '정상', tid: 'JT01T', moid: 'imp_000000000002', paid_amt: '3000', app_no: '12345678', app_co: '366', app_co_name: '신한카드' };
  const order = { orderId: 'imp_000000000002', merchantUid: 'm2', amount: 3000, currency: 'KRW' as const, taxFree: 0, cardQuota: 0, name: '정기결제', buyer };

  it('gen_billkey sends card_num, card_exp YYMM, card_pwd, buyer_auth_num and reads card_token', async () => {
    const pg = recorder(() => ({ result_cd: '0000', result_msg: '성공', card_token: 'TOKEN', card_num: '9366001234560009', card_code: '366', card_name: '신한카드' }));
    const r = await jtnet.issueBillingKey!(ctxWith(pg.fetch), { customerUid: 'c1', card, buyer });
    assert.deepEqual(r, { kind: 'issued', billingKey: 'TOKEN', card: { code: '366', name: '신한카드', number: '936600******0009', type: null } });
    assert.equal(pg.sent[0]!.url, 'https://webtx.tpay.co.kr/api/v1/gen_billkey');
    const { api_key, ...rest } = pg.sent[0]!.form;
    assert.deepEqual(rest, { mid: 'tpaytest0m', card_num: '9366000000000009', card_exp: '4003', card_pwd: '12', buyer_auth_num: '900101' });
    assert.ok(api_key && api_key.length > 20, 'the published test api_key for a sandbox channel without its own');
  });

  it('payments_token charges the key with batch_div 1; payments keys a card in; both read tid / app_no / app_co', async () => {
    const pg = recorder(() => ok);
    const again = await jtnet.chargeBillingKey(ctxWith(pg.fetch, { apiKey: 'own-key' }), { ...order, billingKey: 'TOKEN', browserIp: null });
    assert.deepEqual(again, { kind: 'approved', pgTid: 'JT01T', applyNum: '12345678', card: { code: '366', name: '신한카드', number: null, type: null }, receiptUrl: null });
    assert.deepEqual([pg.sent[0]!.url, pg.sent[0]!.form.card_token, pg.sent[0]!.form.batch_div, pg.sent[0]!.form.amt, pg.sent[0]!.form.moid, pg.sent[0]!.form.api_key],
      ['https://webtx.tpay.co.kr/api/v1/payments_token', 'TOKEN', '1', '3000', 'imp_000000000002', 'own-key']);
    const keyIn = await jtnet.chargeCard!(ctxWith(pg.fetch), { ...order, card });
    assert.ok(keyIn.kind === 'approved' && keyIn.card?.number === '936600******0009', JSON.stringify(keyIn));
    assert.deepEqual([pg.sent[1]!.url, pg.sent[1]!.form.card_num, pg.sent[1]!.form.card_exp, pg.sent[1]!.form.buyer_nm], ['https://webtx.tpay.co.kr/api/v1/payments', '9366000000000009', '4003', '홍길동']);
    assert.equal(pg.sent[1]!.form.buyer_name, undefined, 'key-in names the buyer buyer_nm (the Node integration), payments_token buyer_name');
    assert.equal(pg.sent[0]!.form.buyer_name, '홍길동');
  });

  it('an approval of another amount or order is not an answer; declines and refused card data are results', async () => {
    await assert.rejects(jtnet.chargeBillingKey(ctxWith(recorder(() => ({ ...ok, paid_amt: '30' })).fetch), { ...order, billingKey: 'T', browserIp: null }), PgTransportError);
    await assert.rejects(jtnet.chargeBillingKey(ctxWith(recorder(() => ({ ...ok, moid: 'imp_other' })).fetch), { ...order, billingKey: 'T', browserIp: null }), PgTransportError);
    await assert.rejects(jtnet.chargeCard!(ctxWith(recorder(() => '<html>500</html>', 500).fetch), { ...order, card }), PgTransportError);
    const declined = await jtnet.chargeBillingKey(ctxWith(recorder(() => ({ result_cd: 'F121', result_msg: '잔액부족', tid: 'JT01D' })).fetch), { ...order, billingKey: 'T', browserIp: null });
    assert.deepEqual(declined, { kind: 'declined', pgTid: 'JT01D', pgCode: 'F121', pgMessage: '잔액부족' });
    const invalid = await jtnet.chargeCard!(ctxWith(recorder(() => ({ result_cd: 'F113', result_msg: '카드번호 오류' })).fetch), { ...order, card });
    assert.equal(invalid.kind, 'invalid_card');
  });

  it('refunds: cancel_pw, cancel_amt, partial_cancel 0 only for all of an untouched payment; 2001 cancelled, 2013 (already cancelled) refused', async () => {
    const pg = recorder(() => ({ result_cd: '2001', result_msg: '취소 성공', tid: 'JT01C', CancelDate: '20261207', CancelTime: '080000', PayMethod: 'CARD' }));
    const base = { orderId: 'imp_000000000002', requestId: 'r1', pgTid: 'JT01T', taxFree: 0, currency: 'KRW' as const, reason: '고객 요청', refund: null };
    assert.deepEqual(await jtnet.cancel(ctxWith(pg.fetch), { ...base, amount: 3000, remaining: 3000, paid: 3000 }), { kind: 'cancelled', pgCancelTid: 'JT01C', receiptUrl: null });
    await jtnet.cancel(ctxWith(pg.fetch), { ...base, amount: 1000, remaining: 3000, paid: 3000 });
    await jtnet.cancel(ctxWith(pg.fetch, { cancelPassword: '654321' }), { ...base, amount: 2000, remaining: 2000, paid: 3000 });
    assert.deepEqual(pg.sent.map((s) => [s.form.partial_cancel, s.form.cancel_amt, s.form.cancel_pw]), [['0', '3000', '123456'], ['1', '1000', '123456'], ['1', '2000', '654321']]);
    assert.deepEqual(Object.keys(pg.sent[0]!.form).sort(), ['api_key', 'cancel_amt', 'cancel_msg', 'cancel_pw', 'mid', 'moid', 'partial_cancel', 'tid']);
    const again = await jtnet.cancel(ctxWith(recorder(() => ({ result_cd: '2013', result_msg: '이미 취소된 거래' })).fetch), { ...base, amount: 3000, remaining: 3000, paid: 3000 });
    assert.deepEqual(again, { kind: 'rejected', pgCode: '2013', pgMessage: '이미 취소된 거래' });
  });

  it('a lost full refund asked again (repeatFullCancel): 2001 or 2013 for the same tid is refunded; another answer stays a refusal; a part is never asked again', async () => {
    const base = { orderId: 'imp_000000000003', requestId: 'r2', pgTid: 'JT01T', taxFree: 0, currency: 'KRW' as const, reason: null, refund: null, amount: 3000, remaining: 3000, paid: 3000 };
    const answer = (body: Record<string, string>) => jtnet.repeatFullCancel!(ctxWith(recorder(() => body).fetch), base);
    assert.deepEqual(await answer({ result_cd: '2001', result_msg: '취소 성공', tid: 'JT01T' }), { kind: 'cancelled', pgCancelTid: 'JT01T', receiptUrl: null });
    assert.deepEqual(await answer({ result_cd: '2013', result_msg: '이미 취소된 거래', tid: 'JT01T', moid: base.orderId }), { kind: 'cancelled', pgCancelTid: 'JT01T', receiptUrl: null });
    assert.deepEqual(await answer({ result_cd: '2013', result_msg: '이미 취소된 거래' }), { kind: 'cancelled', pgCancelTid: 'JT01T', receiptUrl: null });
    await assert.rejects(answer({ result_cd: '2013', result_msg: '이미 취소된 거래', tid: 'OTHER' }), PgTransportError, 'another transaction cancelled is no answer');
    assert.deepEqual(await answer({ result_cd: '2015', result_msg: '취소실패' }), { kind: 'rejected', pgCode: '2015', pgMessage: '취소실패' });
    const pg = recorder(() => ({ result_cd: '2001', tid: 'JT01T' }));
    await jtnet.repeatFullCancel!(ctxWith(pg.fetch), base);
    assert.equal(pg.sent[0]!.form.partial_cancel, '0');
    await assert.rejects(jtnet.repeatFullCancel!(ctxWith(pg.fetch), { ...base, amount: 1000 }), /never asked again/);
    await assert.rejects(jtnet.repeatFullCancel!(ctxWith(pg.fetch), { ...base, remaining: 2000, amount: 2000 }), /never asked again/);
    assert.equal(pg.sent.length, 1, 'a part is not sent');
  });

  it('del_billkey revokes a key; no status lookup is asked for (none is published)', async () => {
    const pg = recorder(() => ({ result_cd: '0000', result_msg: '삭제 성공' }));
    assert.deepEqual(await jtnet.deleteBillingKey!(ctxWith(pg.fetch), { customerUid: 'c1', billingKey: 'TOKEN', requestId: 'del_1' }), { kind: 'deleted' });
    assert.deepEqual([pg.sent[0]!.url, pg.sent[0]!.form.card_token], ['https://webtx.tpay.co.kr/api/v1/del_billkey', 'TOKEN']);
    assert.deepEqual(await jtnet.getTransaction(ctxWith(pg.fetch), { orderId: 'imp_x' }), { kind: 'pending' });
    assert.equal(pg.sent.length, 1);
    assert.equal(jtnet.capabilities.statusLookup, false);
  });

  it('a test or live channel without its keys sends none of the published test keys', async () => {
    const pg = recorder(() => ({ result_cd: 'E010', result_msg: 'api_key 오류' }));
    const live: ConnectorContext = { ...ctxWith(pg.fetch), channel: { ...sandboxChannel('livemid01m'), mode: 'live' } };
    assert.equal((await jtnet.issueBillingKey!(live, { customerUid: 'c', card, buyer })).kind, 'declined');
    assert.equal(pg.sent[0]!.form.api_key, '');
  });
});
