/**
 * Pre-window validation (seeds, reference §5.2, §6, §8.1): every refusal reaches the callback (or the
 * mobile redirect) with error_code/error_msg, success:false, imp_success:false, imp_uid:null, and
 * creates no payment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, impUidOf, returnFromPg, rspOf, startPay } from './checkout-driver.ts';
import { installFakePg } from './fake-window.ts';

// Every database driver: the claim, session and state-machine SQL differ between PGlite and PostgreSQL.
for (const driver of testDrivers()) describe(`checkout start: validation before any window opens (${driver})`, () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway(driver);
    installFakePg(gw);
  });
  after(() => gw.close());

  async function refused(params: Record<string, unknown>, code: string, msg?: RegExp, opts?: Parameters<typeof startPay>[2]) {
    const before = (await gw.ctx.db.query<{ n: number }>('select count(*)::int as n from payments'))[0]!.n;
    const s = await startPay(gw, params, opts);
    const rsp = rspOf(s);
    assert.equal(rsp.error_code, code, JSON.stringify(rsp));
    if (msg) assert.match(rsp.error_msg, msg);
    assert.equal(rsp.success, s.status === 302 ? 'false' : false);
    assert.equal(rsp.imp_success, s.status === 302 ? 'false' : false);
    if (s.status !== 302) assert.equal(rsp.imp_uid, null);
    assert.doesNotMatch(s.body, /pg\.example\/window/, 'no PG window opened');
    const after = (await gw.ctx.db.query<{ n: number }>('select count(*)::int as n from payments'))[0]!.n;
    assert.equal(after, before, 'no payment created');
    return rsp;
  }

  it('amount: missing, a string, a KRW fraction, zero', async () => {
    await refused(baseParams({ amount: undefined }), 'F1001', /amount 파라미터가 누락/);
    await refused(baseParams({ amount: '14000' }), 'F1001', /문자열이 아닌 숫자/);
    await refused(baseParams({ amount: 1000.5 }), 'F1001', /정수/);
    await refused(baseParams({ amount: 0 }), 'F1001', /0보다/);
    await refused(baseParams({ amount: -5 }), 'F1001');
  });

  it('merchant_uid missing or too long', async () => {
    await refused(baseParams({ merchant_uid: undefined }), 'F1001', /merchant_uid 파라미터가 누락/);
    await refused(baseParams({ merchant_uid: 'x'.repeat(41) }), 'F1001', /merchant_uid/);
  });

  it('unknown merchant code, unknown pg', async () => {
    await refused(baseParams(), 'F1000', /가맹점 식별코드/, { merchantCode: 'imp00000001' });
    await refused(baseParams({ pg: 'inicis' }), 'F1004', /PG 설정/);
  });

  it('pay_method the PG does not offer; billing windows are card only; escrow only where the PG allows', async () => {
    await refused(baseParams({ pay_method: 'kakaopay' }), 'F1004', /kakaopay/);
    await refused(baseParams({ pg: 'payco', pay_method: 'phone' }), 'F1004', /phone/);
    await refused(baseParams({ customer_uid: 'c1', pay_method: 'vbank', amount: 0 }), 'F1004', /card/);
    await refused(baseParams({ pg: 'kicc', escrow: true, pay_method: 'card' }), 'F1004', /에스크로/);
    await refused(baseParams({ pg: 'jtnet', escrow: true, pay_method: 'trans' }), 'F1004', /에스크로/);
  });

  it('the PG rule from connector.window.validate', async () => {
    await refused(baseParams({ merchant_uid: 'needs_tel_1', buyer_tel: undefined }), 'F1001', /buyer_tel/);
  });

  it('Paymentwall billing always charges, so amount 0 is refused; currencies per PG', async () => {
    await refused(baseParams({ pg: 'paymentwall', customer_uid: 'pw1', amount: 0, currency: 'USD' }), 'F1001', /0보다/);
    await refused(baseParams({ pg: 'jtnet', currency: 'USD', amount: 10 }), 'F1004', /USD/);
    await refused(baseParams({ currency: 'XXX' }), 'F1001', /currency/);
  });

  it('an amount that differs from /payments/prepare is refused (F1003); the prepared amount passes', async () => {
    const p = baseParams();
    const prep = await gw.call('POST', '/payments/prepare', { json: { merchant_uid: p.merchant_uid, amount: 10000 } });
    assert.equal(prep.body.code, 0);
    const rsp = await refused(p, 'F1003', /사전등록된 금액\(10000\)과 결제요청 금액\(14000\)/);
    assert.equal(rsp.merchant_uid, p.merchant_uid);
    const ok = await startPay(gw, { ...p, amount: 10000 });
    assert.match(impUidOf(ok), /^imp_\d{12}$/);
  });

  it('a paid merchant_uid is refused with F1002 and the real message', async () => {
    const p = baseParams();
    const imp = impUidOf(await startPay(gw, p));
    assert.equal(rspOf(await returnFromPg(gw, imp, { result: 'approve' })).success, true);
    const rsp = await refused(p, 'F1002');
    assert.equal(rsp.error_msg, '이미 결제가 이루어진 거래건입니다.');
  });

  it('mobile: a refusal goes to m_redirect_url (existing query kept), with error_code/error_msg', async () => {
    const s = await startPay(gw, baseParams({ amount: '14000', m_redirect_url: 'https://shop.example/done?from=imp#top' }), { device: 'mobile', callerOrigin: 'https://shop.example' });
    assert.equal(s.status, 302);
    const u = new URL(s.location!);
    assert.equal(u.origin + u.pathname, 'https://shop.example/done');
    assert.equal(u.hash, '#top');
    assert.equal(u.searchParams.get('from'), 'imp');
    assert.equal(u.searchParams.get('imp_uid'), '');
    assert.equal(u.searchParams.get('imp_success'), 'false');
    assert.equal(u.searchParams.get('success'), 'false');
    assert.equal(u.searchParams.get('error_code'), 'F1001');
    assert.ok(u.searchParams.get('error_msg'));
  });

  it('mobile: a refusal is no open redirect: an unknown merchant code, or a page on another site, gets the error page', async () => {
    const evil = { amount: '14000', m_redirect_url: 'https://evil.example/phish' };
    const cases: [Record<string, unknown>, NonNullable<Parameters<typeof startPay>[2]>, string][] = [
      [baseParams(evil), { device: 'mobile', merchantCode: 'imp00000001', callerOrigin: 'https://evil.example' }, 'F1000'],
      [baseParams(evil), { device: 'mobile', merchantCode: 'not-a-code', callerOrigin: 'https://evil.example' }, 'F1000'],
      [baseParams(evil), { device: 'mobile', callerOrigin: 'https://shop.example' }, 'F1001'],
      [baseParams(evil), { device: 'mobile' }, 'F1001'],
    ];
    for (const [params, opts, code] of cases) {
      const s = await startPay(gw, params, opts);
      assert.notEqual(s.status, 302, JSON.stringify(opts));
      assert.equal(s.location, null);
      assert.doesNotMatch(s.body, /evil\.example\/phish/);
      assert.equal(rspOf(s).error_code, code);
    }
  });

  it('bad payloads are refused without a window', async () => {
    const r = await gw.app.inject({ method: 'POST', url: '/checkout/start', payload: 'payload=%7Bnot-json', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /F1001/);
  });

  it('a window attempt is a ready payment with its own imp_uid, channel pc/mobile, notice_url kept', async () => {
    const p = baseParams({ notice_url: ['https://shop.example/hook1', 'https://shop.example/hook2'], custom_data: { a: 1 } });
    const a = impUidOf(await startPay(gw, p));
    const b = impUidOf(await startPay(gw, p, { device: 'mobile' }));
    assert.notEqual(a, b);
    const pa = (await gw.call('GET', `/payments/${a}`)).body.response;
    const pb = (await gw.call('GET', `/payments/${b}`)).body.response;
    assert.equal(pa.status, 'ready');
    assert.equal(pa.channel, 'pc');
    assert.equal(pb.channel, 'mobile');
    assert.equal(pa.amount, 14000);
    assert.equal(pa.custom_data, '{"a":1}');
    const [row] = await gw.ctx.db.query<{ notice_urls: string }>('select notice_urls from payments where imp_uid = $1', [a]);
    assert.deepEqual(JSON.parse(row!.notice_urls), ['https://shop.example/hook1', 'https://shop.example/hook2']);
  });
});
