/**
 * The KICC window's wire, against a stub PG: the registration body (docs.kicc.co.kr register-tx,
 * billingKeyIssuance), the approval request and its msgAuthValue check, and the webhook.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCredentials } from '../../core/channel.ts';
import { PgRefusal, type ConnectorContext } from '../contract.ts';
import { windowRequest } from '../window-flow.case.ts';
import { kicc } from './index.ts';
import { KICC_NOTI_ACK, kiccMac, kiccPaths } from './wire.ts';

const SECRET = 'window-secret';
function stub(answer: (path: string, body: Record<string, unknown>) => unknown) {
  const asked: { path: string; body: Record<string, unknown> }[] = [];
  const ctx: ConnectorContext = {
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      asked.push({ path, body });
      return Response.json(answer(path, body));
    },
    baseUrl: 'https://testpgapi.easypay.co.kr', timeoutMs: 1000, channel: { mode: 'test', pgId: 'T5102001', ...noCredentials(), secret: SECRET },
  };
  return { ctx, asked };
}
const w = kicc.window!;
const registered = { resCd: '0000', resMsg: '정상처리', authPageUrl: 'https://testpgapi.easypay.co.kr/webpay/auth?token=T1' };
const approval = (over: Record<string, unknown> = {}) => {
  const r = { resCd: '0000', resMsg: '정상승인', mallId: 'T5102001', pgCno: '24010112000010000001', shopOrderNo: 'imp_1', amount: 14_000, transactionDate: '20240101120000', statusCode: 'TS03', ...over };
  return { ...r, msgAuthValue: kiccMac(SECRET, [r.pgCno, r.amount, r.transactionDate]) };
};

describe('kicc registration (webpay)', () => {
  it('registers the order and opens the authPageUrl KICC answers', async () => {
    const { ctx, asked } = stub(() => registered);
    const req = windowRequest({ orderId: 'imp_1', amount: 60_000, options: { card: { direct: { code: '367', quota: 3 } } } });
    assert.deepEqual(await w.start(ctx, req), { method: 'GET', url: registered.authPageUrl, fields: {} });
    const b = asked[0]!.body;
    assert.equal(asked[0]!.path, kiccPaths.register);
    assert.deepEqual(
      { mallId: b.mallId, shopOrderNo: b.shopOrderNo, amount: b.amount, payMethodTypeCode: b.payMethodTypeCode, currency: b.currency, clientTypeCode: b.clientTypeCode, deviceTypeCode: b.deviceTypeCode, returnUrl: b.returnUrl },
      { mallId: 'T5102001', shopOrderNo: 'imp_1', amount: 60_000, payMethodTypeCode: '11', currency: '00', clientTypeCode: '00', deviceTypeCode: 'pc', returnUrl: req.returnUrl },
    );
    assert.equal((b.orderInfo as { goodsName: string }).goodsName, req.name);
    // V1's KFTC 367 (Hyundai) is KICC's 027.
    assert.deepEqual(b.payMethodInfo, { cardMethodInfo: { cardCode: '027', installmentMonth: 3 } });
  });

  it('a billing window registers payMethodTypeCode 81 and amount 0', async () => {
    const { ctx, asked } = stub(() => registered);
    const req = windowRequest({ amount: 9_900, billing: { customerUid: 'cust_1', charge: false } });
    await w.start(ctx, req);
    assert.equal(asked[0]!.body.payMethodTypeCode, '81');
    assert.equal(asked[0]!.body.amount, 0);
    assert.deepEqual(asked[0]!.body.shopValueInfo, { value1: 'billing', value2: req.merchantUid });
  });

  it('escrow sends kiccProducts as basket items', async () => {
    const { ctx, asked } = stub(() => registered);
    const products = [{ orderNumber: 'p1', name: '상품 A', quantity: 2, amount: 7_000 }];
    await w.start(ctx, windowRequest({ payMethod: 'trans', escrow: true, options: { kiccProducts: products } }));
    assert.equal(asked[0]!.body.payMethodTypeCode, '21');
    assert.deepEqual(asked[0]!.body.basketInfoList, [{ productNo: 'p1', productName: '상품 A', productAmount: 7_000, productQuantity: 2, sortNo: 1 }]);
  });

  it('a refused registration is the PG\'s code and message', async () => {
    const { ctx } = stub(() => ({ resCd: 'M114', resMsg: '상점ID 오류' }));
    await assert.rejects(Promise.resolve(w.start(ctx, windowRequest())), (e) => e instanceof PgRefusal && e.pgCode === 'M114' && e.pgMessage === '상점ID 오류');
  });
});

describe('kicc approval (returnUrl → approval)', () => {
  const returned = { resCd: '0000', resMsg: '인증성공', shopOrderNo: 'imp_1', authorizationId: 'AUTH1', shopValue1: 'payment' };

  it('approves the authorization with the order as idempotency key and checks msgAuthValue', async () => {
    const card = { cardNo: '53651234****123*', issuerCode: '027', issuerName: '현대카드', cardGubun: 'N' };
    const { ctx, asked } = stub(() => approval({ paymentInfo: { payMethodTypeCode: '11', approvalNo: '30001234', cardInfo: card } }));
    const outcome = await w.complete(ctx, { orderId: 'imp_1', returned, amount: 14_000, currency: 'KRW' });
    assert.ok(outcome.kind === 'approved' && outcome.payMethod === 'card' && outcome.card?.code === '367' && outcome.applyNum === '30001234', JSON.stringify(outcome));
    const b = asked[0]!.body;
    assert.deepEqual({ ...b, approvalReqDate: 'd', shopTransactionId: String(b.shopTransactionId).slice(0, 2) }, { mallId: 'T5102001', shopTransactionId: 'ap', authorizationId: 'AUTH1', shopOrderNo: 'imp_1', approvalReqDate: 'd' });
    const forged = stub(() => ({ ...approval(), msgAuthValue: '0'.repeat(64) }));
    await assert.rejects(w.complete(forged.ctx, { orderId: 'imp_1', returned }));
  });

  it('maps transfer, phone and virtual account', async () => {
    const trans = stub(() => approval({ paymentInfo: { payMethodTypeCode: '21', approvalNo: '1', bankInfo: { bankCode: '020', bankName: '우리은행' } } }));
    const t = await w.complete(trans.ctx, { orderId: 'imp_1', returned });
    assert.ok(t.kind === 'approved' && t.payMethod === 'trans' && t.bank?.name === '우리은행');
    const vbank = stub(() => approval({ paymentInfo: { payMethodTypeCode: '22', virtualAccountInfo: { bankCode: '011', bankName: 'NH농협', accountNo: '79012345678901', depositName: '오픈아임포트', expiryDate: '20240105235959' } } }));
    const v = await w.complete(vbank.ctx, { orderId: 'imp_1', returned });
    assert.ok(v.kind === 'vbank_issued' && v.vbank.num === '79012345678901' && v.vbank.due === Date.UTC(2024, 0, 5, 14, 59, 59) / 1000, JSON.stringify(v));
  });

  it('a billing window answers the batch key in cardInfo.cardNo and charges nothing', async () => {
    const { ctx } = stub(() => approval({ amount: 0, paymentInfo: { payMethodTypeCode: '81', cardInfo: { cardNo: 'T00019972103BA260900', cardMaskNo: '5365********123*', issuerCode: '027', issuerName: '현대카드' } } }));
    const o = await w.complete(ctx, { orderId: 'imp_1', returned: { ...returned, shopValue1: 'billing' }, amount: 9_900, currency: 'KRW' });
    assert.deepEqual(o, { kind: 'billing_key_issued', billingKey: 'T00019972103BA260900', card: { code: '367', name: '현대카드', number: '5365********123*', type: null }, buyerEmail: null, charge: null });
  });

  it('a return without authorization is not approved', async () => {
    const { ctx, asked } = stub(() => approval());
    assert.equal(w.approvesOnComplete!({ orderId: 'imp_1', returned: { resCd: 'W003', resMsg: '인증 실패', shopOrderNo: 'imp_1' } }), false);
    assert.deepEqual(await w.complete(ctx, { orderId: 'imp_1', returned: { resCd: 'W003', resMsg: '인증 실패', shopOrderNo: 'imp_1' } }), { kind: 'declined', pgTid: null, pgCode: 'W003', pgMessage: '인증 실패' });
    assert.deepEqual(await w.complete(ctx, { orderId: 'imp_1', returned: { resCd: 'W002', resMsg: '취소', shopOrderNo: 'imp_1' } }), { kind: 'user_cancelled', pgMessage: '취소' });
    assert.equal(asked.length, 0);
  });
});

describe('kicc webhook', () => {
  const { ctx } = stub(() => approval({ paymentInfo: { payMethodTypeCode: '11', approvalNo: '1' } }));
  const noti = (over: Record<string, unknown>) => JSON.stringify({ resCd: '0000', resMsg: '정상', mallId: 'T5102001', pgCno: '24010112000010000001', shopOrderNo: 'imp_1', ...over });

  it('names its order and is answered with KICC\'s JSON ack', () => {
    assert.equal(w.orderOf!({ body: noti({ notiType: '30' }), query: {} }), 'imp_1');
    assert.deepEqual(JSON.parse(w.notificationAck), { resCd: '0000', resMsg: 'Success' });
    assert.equal(w.notificationAck, KICC_NOTI_ACK);
  });

  it('30 is a deposit, 20 a cancel, 10 an approval confirmed by the lookup; 31/40/50 are acknowledged only', async () => {
    assert.deepEqual(await w.parseNotification(ctx, { body: noti({ notiType: '30', amount: 14_000 }), contentType: 'application/json', query: {} }),
      { kind: 'vbank_deposit', orderId: 'imp_1', pgTid: '24010112000010000001', amount: 14_000, depositorName: null });
    assert.deepEqual(await w.parseNotification(ctx, { body: noti({ notiType: '20', cancelPgCno: 'C1', cancelAmount: 4_000 }), contentType: 'application/json', query: {} }),
      { kind: 'cancelled', orderId: 'imp_1', pgCancelTid: 'C1', amount: 4_000 });
    const approved = await w.parseNotification(ctx, { body: noti({ notiType: '10', amount: 14_000 }), contentType: 'application/json', query: {} });
    assert.ok(approved.kind === 'outcome' && approved.outcome.kind === 'approved', JSON.stringify(approved));
    for (const t of ['31', '40', '50']) assert.equal((await w.parseNotification(ctx, { body: noti({ notiType: t }), contentType: null, query: {} })).kind, 'ignored');
  });

  it('refuses another mall\'s, malformed, or an approval the lookup does not confirm', async () => {
    assert.equal((await w.parseNotification(ctx, { body: noti({ notiType: '30', amount: 1, mallId: 'T0000000' }), contentType: null, query: {} })).kind, 'rejected');
    assert.equal((await w.parseNotification(ctx, { body: 'res_cd=0000', contentType: null, query: {} })).kind, 'rejected');
    assert.equal((await w.parseNotification(ctx, { body: noti({ notiType: '10', pgCno: 'other' }), contentType: null, query: {} })).kind, 'rejected');
  });
});
