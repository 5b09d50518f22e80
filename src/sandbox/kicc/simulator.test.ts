/**
 * The fake KICC checked from the merchant's side, as a check written from KICC's documents would
 * do (reference §1): over real HTTP through the sandbox server, with msgAuthValue computed here
 * independently (hex HMAC-SHA256 of the "|"-joined parts with the mall's secret key).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { openTestDb, testDrivers } from '../../../test/support/db.ts';
import type { Db } from '../../storage/db.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox-wiring.ts';
import { testCards } from '../test-cards.ts';
import { recordedBatchApproval, recordedFullCancel, recordedPartCancel, shapeOf } from '../../../test/support/kicc-recorded.ts';

const SECRET = 'mall-secret-T5100001';
const MALL = 'T5100001';
const ADMIN = 'admin-token';
const mac = (...parts: (string | number)[]) => createHmac('sha256', SECRET).update(parts.join('|')).digest('hex');
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const driver of testDrivers()) describe(`fake KICC over HTTP (${driver})`, () => {
  let clock = Date.UTC(2026, 11, 6, 3, 0, 0) / 1000; // 12:00 KST
  let db: Db;
  let pg: RunningSandbox;
  let shop: Server;
  let shopUrl = '';
  const notices: J[] = [];
  let ack = { resCd: '0000', resMsg: 'Success' };
  const today = () => new Date((clock + 9 * 3600) * 1000).toISOString().slice(0, 10).replaceAll('-', '');

  before(async () => {
    db = await openTestDb(driver);
    pg = await startSandbox(db, { port: 0, host: '127.0.0.1', adminToken: ADMIN, timeoutDelayMs: 50 }, { now: () => clock });
    shop = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        if (req.url?.endsWith('/pg/kicc/notify')) notices.push({ path: req.url, contentType: req.headers['content-type'], ...JSON.parse(text) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(ack));
      });
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as { port: number }).port}`;
    const reg = await fetch(`${pg.url}/_control/kicc/merchants/${MALL}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ secret: SECRET }) });
    assert.equal(reg.status, 200);
  });
  after(async () => {
    await pg?.close();
    await db?.close();
    await new Promise((r) => shop?.close(r));
  });

  const post = async (path: string, body: J): Promise<J> => {
    const res = await fetch(`${pg.url}/kicc${path}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, path);
    return (await res.json()) as J;
  };
  let n = 0;
  const order = () => `ord_${++n}_${Date.now()}`;
  const registration = (over: J = {}): J => ({
    mallId: MALL, shopOrderNo: order(), amount: 14000, payMethodTypeCode: '11', currency: '00', returnUrl: `${shopUrl}/return`,
    deviceTypeCode: 'pc', clientTypeCode: '00', orderInfo: { goodsName: '테스트 상품', customerInfo: { customerName: '홍길동', customerMail: 'a@b.kr', customerContactNo: '01012345678' } },
    shopValueInfo: { value1: 'imp_1' }, ...over,
  });
  /** Registers, opens authPageUrl, submits the window; the fields the window POSTs to returnUrl. */
  async function throughWindow(reg: J, form: Record<string, string>): Promise<{ fields: Record<string, string>; page: string }> {
    const r = await post('/api/ep9/trades/webpay', reg);
    assert.equal(r.resCd, '0000', JSON.stringify(r));
    const page = await (await fetch(r.authPageUrl)).text();
    const sid = /\/window\/([0-9a-f]{32})$/.exec(r.authPageUrl)![1];
    const back = await (await fetch(`${pg.url}/kicc/window/${sid}/submit`, { method: 'POST', body: new URLSearchParams(form) })).text();
    assert.ok(back.includes(`action="${reg.returnUrl}"`), 'the window posts back to returnUrl');
    const fields = Object.fromEntries([...back.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]));
    return { fields, page };
  }
  const card = (number: string = testCards.approveShinhan.number) => ({ choice: 'approve', method: 'card', testCard: number, expiry: '12/40', quota: '0', birth: '900101', cardPassword: '00' });
  const approve = (shopOrderNo: string, authorizationId: string, stid = `ap-${shopOrderNo}`) =>
    post('/api/ep9/trades/approval', { mallId: MALL, shopTransactionId: stid, authorizationId, shopOrderNo, approvalReqDate: today() });

  it('card payment: register, window, returnUrl POST, approval with a verifiable msgAuthValue', async () => {
    const reg = registration();
    const { fields, page } = await throughWindow(reg, card());
    assert.match(page, /테스트 상품/);
    assert.deepEqual([fields.resCd, fields.shopOrderNo, fields.shopValue1], ['0000', reg.shopOrderNo, 'imp_1']);
    assert.ok(fields.authorizationId && fields.authorizationId.length <= 60 && !page.includes(fields.authorizationId), 'the authorizationId is not in the window URL');
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.equal(a.resCd, '0000', JSON.stringify(a));
    assert.match(a.pgCno, /^\d{20}$/);
    assert.deepEqual([a.amount, a.statusCode, a.paymentInfo.payMethodTypeCode, a.paymentInfo.cardInfo.issuerCode], [14000, 'TS03', '11', '029']);
    assert.match(a.transactionDate, /^\d{14}$/);
    assert.equal(a.msgAuthValue, mac(a.pgCno, a.amount, a.transactionDate));
    const again = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.deepEqual(again, a, 'the same shopTransactionId answers the same');
    const other = await post('/api/ep9/trades/approval', { mallId: MALL, shopTransactionId: `ap-${reg.shopOrderNo}`, authorizationId: 'x', shopOrderNo: reg.shopOrderNo, approvalReqDate: today() });
    assert.notEqual(other.resCd, '0000', 'a used shopTransactionId with another request is refused');
    const wrongMall = await post('/api/ep9/trades/approval', { mallId: 'T5100002', shopTransactionId: 'w1', authorizationId: fields.authorizationId, shopOrderNo: reg.shopOrderNo, approvalReqDate: today() });
    assert.notEqual(wrongMall.resCd, '0000', 'another mall cannot approve the window');
  });

  it('revise: needs msgAuthValue over pgCno|shopTransactionId, checks remainAmount and the balance, TS06 then TS02', async () => {
    const reg = registration({ amount: 10000 });
    const { fields } = await throughWindow(reg, card());
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    const revise = (stid: string, body: J, sig = mac(a.pgCno, stid)) =>
      post('/api/trades/revise', { mallId: MALL, shopTransactionId: stid, pgCno: a.pgCno, cancelReqDate: today(), msgAuthValue: sig, ...body });
    assert.notEqual((await revise('c0', { reviseTypeCode: '32', amount: 1000 }, mac(a.pgCno, 'other'))).resCd, '0000', 'a wrong msgAuthValue is refused');
    const fixed = await revise('c0', { reviseTypeCode: '32', amount: 1000, remainAmount: 9000 });
    assert.equal(fixed.resCd, '0000', 'and the corrected request may use the same shopTransactionId');
    assert.equal(fixed.remainAmount, 9000);
    assert.notEqual((await revise('c1', { reviseTypeCode: '32', amount: 1000, remainAmount: 9000 })).resCd, '0000', 'remainAmount must match');
    assert.notEqual((await revise('c2', { reviseTypeCode: '33', amount: 1000 })).resCd, '0000', '33 is for transfers and phones');
    const p = await revise('c3', { reviseTypeCode: '32', amount: 3000, remainAmount: 6000 });
    assert.deepEqual([p.resCd, p.oriPgCno, p.cancelAmount, p.remainAmount, p.statusCode], ['0000', a.pgCno, 3000, 6000, 'TS06'], JSON.stringify(p));
    assert.match(p.cancelPgCno, /^\d{20}$/);
    assert.deepEqual(await revise('c3', { reviseTypeCode: '32', amount: 3000, remainAmount: 6000 }), p, 'idempotent');
    assert.notEqual((await revise('c4', { reviseTypeCode: '32', amount: 8000 })).resCd, '0000', 'more than the balance');
    const full = await revise('c5', { reviseTypeCode: '40' });
    assert.deepEqual([full.resCd, full.cancelAmount, full.remainAmount, full.statusCode], ['0000', 6000, 0, 'TS02']);
    const look = await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: `ap-${reg.shopOrderNo}`, transactionDate: today() });
    assert.deepEqual([look.resCd, look.pgCno, look.statusCode, look.msgAuthValue], ['0000', a.pgCno, 'TS06', undefined]);
  });

  it('retrieveTransaction answers yesterday and today only', async () => {
    const reg = registration();
    const { fields } = await throughWindow(reg, card());
    await approve(reg.shopOrderNo, fields.authorizationId!, 'look-1');
    const day = today();
    clock += 24 * 3600;
    assert.equal((await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: 'look-1', transactionDate: day })).resCd, '0000');
    clock += 24 * 3600;
    assert.notEqual((await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: 'look-1', transactionDate: day })).resCd, '0000');
  });

  it('billing: 81 with amount 0 only; the key comes from the approval, charges by batch, and is removed', async () => {
    assert.notEqual((await post('/api/ep9/trades/webpay', registration({ payMethodTypeCode: '81', amount: 1000 }))).resCd, '0000');
    const reg = registration({ payMethodTypeCode: '81', amount: 0 });
    const { fields } = await throughWindow(reg, card(testCards.approveHyundai.number));
    const k = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.equal(k.resCd, '0000', JSON.stringify(k));
    const key = k.paymentInfo.cardInfo.cardNo as string;
    assert.match(key, /^[0-9A-F]{20}$/);
    assert.match(k.paymentInfo.cardInfo.cardMaskNo, /^936700\*+/);
    assert.equal(k.msgAuthValue, mac(k.pgCno, 0, k.transactionDate));
    const charge = (stid: string, batchKey: string) => post('/api/trades/approval/batch', {
      mallId: MALL, shopTransactionId: stid, shopOrderNo: `${stid}-o`, approvalReqDate: today(), amount: 3000, currency: '00',
      orderInfo: { goodsName: '정기결제' }, payMethodInfo: { billKeyMethodInfo: { batchKey }, cardMethodInfo: { installmentMonth: 0 } },
    });
    const c = await charge('b1', key);
    assert.deepEqual([c.resCd, c.amount, c.statusCode, c.paymentInfo.cardInfo.issuerCode], ['0000', 3000, 'TS03', '027'], JSON.stringify(c));
    assert.equal(c.msgAuthValue, mac(c.pgCno, 3000, c.transactionDate));
    const removed = await post('/api/trades/removeBatchKey', { mallId: MALL, shopTransactionId: 'rm1', batchKey: key, removeReqDate: today() });
    assert.deepEqual([removed.resCd, removed.shopTransactionId], ['0000', 'rm1']);
    assert.notEqual((await charge('b2', key)).resCd, '0000', 'a removed key does not charge');
  });

  it('declines carry the card company message; a PG-error card answers HTTP 500', async () => {
    const reg = registration();
    const { fields } = await throughWindow(reg, card(testCards.insufficientFunds.number));
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.match(a.resMsg, /잔액부족/);
    const reg2 = registration();
    const w = await throughWindow(reg2, card(testCards.pgError.number));
    const res = await fetch(`${pg.url}/kicc/api/ep9/trades/approval`, { method: 'POST', body: JSON.stringify({ mallId: MALL, shopTransactionId: 'e1', authorizationId: w.fields.authorizationId, shopOrderNo: reg2.shopOrderNo, approvalReqDate: today() }) });
    assert.equal(res.status, 500);
  });

  it('user cancel and decline in the window reach returnUrl', async () => {
    assert.equal((await throughWindow(registration(), { choice: 'cancel' })).fields.resCd, 'W002');
    const d = await throughWindow(registration(), { choice: 'decline', declineMessage: '한도초과 테스트' });
    assert.notEqual(d.fields.resCd, '0000');
    assert.equal(d.fields.resMsg, '한도초과 테스트');
  });

  it('card.direct: cardCode and installmentMonth fix the company and the instalment', async () => {
    const { page } = await throughWindow(registration({ amount: 60000, payMethodInfo: { cardMethodInfo: { cardCode: '027', installmentMonth: 3 } } }), { choice: 'cancel' });
    assert.match(page, /현대카드/);
    assert.doesNotMatch(page, /신한카드 credit/);
    assert.match(page, /3개월/);
    assert.notEqual((await post('/api/ep9/trades/webpay', registration({ amount: 10000, payMethodInfo: { cardMethodInfo: { cardCode: '027', installmentMonth: 3 } } }))).resCd, '0000');
  });

  it('escrow: transfer or vbank with a basket and the buyer only', async () => {
    const basketInfoList = [{ productNo: 'p1', productName: '상품A', productAmount: 1000, productQuantity: 3 }];
    assert.notEqual((await post('/api/ep9/trades/webpay', registration({ escrowInfo: {}, basketInfoList }))).resCd, '0000', 'not for cards');
    assert.notEqual((await post('/api/ep9/trades/webpay', registration({ payMethodTypeCode: '21', escrowInfo: {} }))).resCd, '0000', 'a basket is needed');
    const reg = registration({ payMethodTypeCode: '21', escrowInfo: {}, basketInfoList });
    const { fields } = await throughWindow(reg, { choice: 'approve', method: 'trans', bank: '004' });
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.deepEqual([a.resCd, a.escrowUsed, a.paymentInfo.bankInfo.bankCode], ['0000', 'Y', '004'], JSON.stringify(a));
    const stid = 'esc-1';
    const r = await post('/api/trades/revise', {
      mallId: MALL, shopTransactionId: stid, pgCno: a.pgCno, reviseTypeCode: '61', reviseSubTypeCode: 'ES07', cancelReqDate: today(), msgAuthValue: mac(a.pgCno, stid),
      escrowInfo: { deliveryCode: 'DE02', deliveryCorpCode: 'DC01', deliveryInvoice: '1234567890' },
    });
    assert.equal(r.resCd, '0000', JSON.stringify(r));
  });

  it('vbank: issued from the window, paid through the deposit control, notified as JSON notiType 30 with the ack checked', async () => {
    const reg = registration({ payMethodTypeCode: '22', amount: 25000 });
    const { fields } = await throughWindow(reg, { choice: 'approve', method: 'vbank', bank: '088' });
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.deepEqual([a.resCd, a.statusCode, a.paymentInfo.virtualAccountInfo.bankCode], ['0000', 'TS01', '088'], JSON.stringify(a));
    const deposit = (id: string) => fetch(`${pg.url}/_control/kicc/vbanks/${id}/deposit`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ depositorName: '홍길동' }) });
    const r = (await (await deposit(a.pgCno)).json()) as J;
    assert.deepEqual([r.kind, r.notified], ['deposited', true], JSON.stringify(r));
    const noti = notices.find((x) => x.notiType === '30' && x.pgCno === a.pgCno)!;
    assert.deepEqual([noti.contentType, noti.mallId, noti.shopOrderNo, noti.amount, noti.resCd], ['application/json; charset=utf-8', MALL, reg.shopOrderNo, 25000, '0000']);
    const refund = await post('/api/trades/revise', {
      mallId: MALL, shopTransactionId: 'rf1', pgCno: a.pgCno, reviseTypeCode: '62', reviseSubTypeCode: 'RF01', amount: 5000, cancelReqDate: today(), msgAuthValue: mac(a.pgCno, 'rf1'),
      refundInfo: { refundBankCode: '004', refundAccountNo: '12345678901', refundDepositName: '홍길동' },
    });
    assert.deepEqual([refund.resCd, refund.remainAmount], ['0000', 20000], JSON.stringify(refund));
    assert.notEqual((await post('/api/trades/revise', { mallId: MALL, shopTransactionId: 'rf2', pgCno: a.pgCno, reviseTypeCode: '40', cancelReqDate: today(), msgAuthValue: mac(a.pgCno, 'rf2') })).resCd, '0000', 'a paid account is refunded, not cancelled');
    ack = { resCd: '5001', resMsg: 'FAIL' };
    const reg2 = registration({ payMethodTypeCode: '22' });
    const w2 = await throughWindow(reg2, { choice: 'approve', method: 'vbank', bank: '004' });
    const a2 = await approve(reg2.shopOrderNo, w2.fields.authorizationId!);
    assert.equal(((await (await deposit(a2.pgCno)).json()) as J).notified, false, 'a 5001 answer is not an acknowledgement');
    ack = { resCd: '0000', resMsg: 'Success' };
    const reg3 = registration({ payMethodTypeCode: '22' });
    const w3 = await throughWindow(reg3, { choice: 'approve', method: 'vbank', bank: '004' });
    const a3 = await approve(reg3.shopOrderNo, w3.fields.authorizationId!);
    const voided = await post('/api/trades/revise', { mallId: MALL, shopTransactionId: 'void-1', pgCno: a3.pgCno, reviseTypeCode: '40', cancelReqDate: today(), msgAuthValue: mac(a3.pgCno, 'void-1') });
    assert.deepEqual([voided.resCd, voided.statusCode], ['0000', 'TS02'], JSON.stringify(voided));
    assert.equal((await deposit(a3.pgCno)).status, 409, 'a voided account takes no deposit');
  });

  it('a mall registered with a notifyUrl gets its notifications there (KICC: the URL set in its admin console)', async () => {
    const control = (body: J) => fetch(`${pg.url}/_control/kicc/merchants/T5100009`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
    assert.equal((await control({ secret: SECRET, notifyUrl: 'not a url' })).status, 400);
    assert.equal((await control({ secret: SECRET, notifyUrl: `${shopUrl}/behind/proxy/pg/kicc/notify` })).status, 200);
    const reg = registration({ mallId: 'T5100009', payMethodTypeCode: '22' });
    const { fields } = await throughWindow(reg, { choice: 'approve', method: 'vbank', bank: '004' });
    const a = await post('/api/ep9/trades/approval', { mallId: 'T5100009', shopTransactionId: 'p1', authorizationId: fields.authorizationId, shopOrderNo: reg.shopOrderNo, approvalReqDate: today() });
    const r = (await (await fetch(`${pg.url}/_control/kicc/vbanks/${a.pgCno}/deposit`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: '{}' })).json()) as J;
    assert.equal(r.notified, true);
    assert.equal(notices.find((x) => x.pgCno === a.pgCno)?.path, '/behind/proxy/pg/kicc/notify');
  });

  it('answers have the shape of the recorded real answers: batch approval, part cancel (TS06), full cancel (TS02)', async () => {
    const reg = registration({ payMethodTypeCode: '81', amount: 0 });
    const { fields } = await throughWindow(reg, card(testCards.approveBc.number));
    const key = (await approve(reg.shopOrderNo, fields.authorizationId!)).paymentInfo.cardInfo.cardNo as string;
    const c = await post('/api/trades/approval/batch', {
      mallId: MALL, shopTransactionId: 'rec-1', shopOrderNo: 'rec-order-1', approvalReqDate: today(), amount: 600, currency: '00',
      orderInfo: { goodsName: '충전' }, payMethodInfo: { billKeyMethodInfo: { batchKey: key }, cardMethodInfo: { installmentMonth: 0 } },
    });
    assert.deepEqual(shapeOf(c), shapeOf(recordedBatchApproval));
    assert.deepEqual([c.resMsg, c.statusCode, c.statusMessage, c.paymentInfo.cardInfo.issuerCode], ['단독승인 정상', 'TS03', '매입요청', '026']);
    const revise = (stid: string, body: J) => post('/api/trades/revise', { mallId: MALL, shopTransactionId: stid, pgCno: c.pgCno, cancelReqDate: today(), msgAuthValue: mac(c.pgCno, stid), ...body });
    const p = await revise('rec-c1', { reviseTypeCode: '32', amount: 200, remainAmount: 400 });
    assert.deepEqual(shapeOf(p), shapeOf(recordedPartCancel));
    assert.deepEqual([p.statusCode, p.statusMessage, p.resMsg], [recordedPartCancel.statusCode, recordedPartCancel.statusMessage, recordedPartCancel.resMsg]);
    const f = await revise('rec-c2', { reviseTypeCode: '40' });
    assert.deepEqual(shapeOf(f), shapeOf(recordedFullCancel));
    assert.deepEqual([f.statusCode, f.statusMessage, f.resMsg, f.cancelAmount], [recordedFullCancel.statusCode, recordedFullCancel.statusMessage, recordedFullCancel.resMsg, 400]);
  });

  it('an approval the merchant gave up on (PG timeout card) is found by retrieveTransaction, approved once', async () => {
    const reg = registration();
    const { fields } = await throughWindow(reg, card(testCards.pgTimeout.number));
    const body = JSON.stringify({ mallId: MALL, shopTransactionId: 'slow-1', authorizationId: fields.authorizationId, shopOrderNo: reg.shopOrderNo, approvalReqDate: today() });
    await assert.rejects(fetch(`${pg.url}/kicc/api/ep9/trades/approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10) }));
    // The fake may still be recording the approval when the caller gives up: look until it is there, as a merchant would.
    let look: J = {};
    for (let i = 0; i < 50 && look.resCd !== '0000'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      look = await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: 'slow-1', transactionDate: today() });
    }
    assert.deepEqual([look.resCd, look.shopOrderNo, look.statusCode, look.amount], ['0000', reg.shopOrderNo, 'TS03', 14000], JSON.stringify(look));
    const retried = await approve(reg.shopOrderNo, fields.authorizationId!, 'slow-1');
    assert.equal(retried.pgCno, look.pgCno, 'the retry answers the same approval');
    const count = (await (await fetch(`${pg.url}/_control/kicc/charges/${reg.shopOrderNo}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as J;
    assert.equal(count.approved, 1);
    assert.notEqual((await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: 'never-sent', transactionDate: today() })).resCd, '0000');
  });

  it('phone payment: mobInfo in the answer, part cancel with 33', async () => {
    const reg = registration({ payMethodTypeCode: '31', amount: 5000 });
    const { fields } = await throughWindow(reg, { choice: 'approve', method: 'phone', carrier: 'SKT', phone: '01099998888' });
    const a = await approve(reg.shopOrderNo, fields.authorizationId!);
    assert.deepEqual([a.resCd, a.paymentInfo.payMethodTypeCode, a.paymentInfo.mobInfo.mobileCd, a.paymentInfo.mobInfo.mobileNo], ['0000', '31', 'SKT', '010****8888']);
    const r = await post('/api/trades/revise', { mallId: MALL, shopTransactionId: 'ph-1', pgCno: a.pgCno, reviseTypeCode: '33', amount: 2000, cancelReqDate: today(), msgAuthValue: mac(a.pgCno, 'ph-1') });
    assert.deepEqual([r.resCd, r.remainAmount, r.statusCode], ['0000', 3000, 'TS06']);
  });

  it('billing window asks what certType says: birth date and password (0, the default), birth (2), neither (1)', async () => {
    const open = async (certType?: string) => {
      const r = await post('/api/ep9/trades/webpay', registration({ payMethodTypeCode: '81', amount: 0, ...(certType ? { payMethodInfo: { billKeyMethodInfo: { certType } } } : {}) }));
      return { r, page: await (await fetch(r.authPageUrl)).text() };
    };
    const full = await open();
    assert.match(full.page, /name="birth"/);
    assert.match(full.page, /name="cardPassword"/);
    const sid = /\/window\/([0-9a-f]{32})$/.exec(full.r.authPageUrl)![1];
    const bad = await fetch(`${pg.url}/kicc/window/${sid}/submit`, { method: 'POST', body: new URLSearchParams({ ...card(), cardPassword: 'x' }) });
    assert.equal(bad.status, 400, 'a malformed password is asked again');
    const birthOnly = await open('2');
    assert.match(birthOnly.page, /name="birth"/);
    assert.doesNotMatch(birthOnly.page, /name="cardPassword"/);
    assert.doesNotMatch((await open('1')).page, /name="birth"/);
    assert.notEqual((await post('/api/ep9/trades/webpay', registration({ payMethodTypeCode: '81', amount: 0, payMethodInfo: { billKeyMethodInfo: { certType: '9' } } }))).resCd, '0000');
  });

  it("openimp's REST vbank: signed issue, the same request again answers the same account, a deposit notifies", async () => {
    const expiryDate = new Date((clock + 9 * 3600 + 3 * 86400) * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
    const no = order();
    const body = { mallId: MALL, shopTransactionId: `vb-${no}`, shopOrderNo: no, amount: 12000, bankCode: '004', expiryDate, notiUrl: `${shopUrl}/pg/kicc/notify`, depositName: '데모상점' };
    const signed = { ...body, msgAuthValue: mac(MALL, body.shopOrderNo, 12000, '004', expiryDate) };
    assert.notEqual((await post('/api/trades/vbank/issue', { ...body, msgAuthValue: mac(MALL, body.shopOrderNo, 12001, '004', expiryDate) })).resCd, '0000');
    const v = await post('/api/trades/vbank/issue', signed);
    assert.deepEqual([v.resCd, v.statusCode, v.paymentInfo.virtualAccountInfo.bankCode], ['0000', 'TS01', '004'], JSON.stringify(v));
    assert.equal(v.msgAuthValue, mac(v.pgCno, 12000, v.transactionDate));
    assert.equal((await post('/api/trades/vbank/issue', signed)).pgCno, v.pgCno, 'asked again: the account already issued');
    assert.equal((await post('/api/trades/vbank/issue', { ...signed, shopTransactionId: `vb2-${no}` })).pgCno, v.pgCno, 'the same order under another id: the same account');
    assert.equal((await post('/api/trades/retrieveTransaction', { mallId: MALL, shopTransactionId: `vb-${no}`, transactionDate: today() })).pgCno, v.pgCno, 'the lookup finds it');
    const r = (await (await fetch(`${pg.url}/_control/kicc/vbanks/${v.pgCno}/deposit`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: '{}' })).json()) as J;
    assert.equal(r.notified, true);
    assert.equal(notices.find((x) => x.pgCno === v.pgCno && x.notiType === '30')?.amount, 12000);
  });
});
