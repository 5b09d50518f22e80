/**
 * KICC's recorded answers replayed through the connector (pg-protocols.md §1.8: a merchant's
 * batch approval, partial cancel (TS06) and full cancel (TS02), real mall id 05574880, card masked),
 * and the documented request shapes checked on what the connector sends. The recorded msgAuthValue
 * was made with a secret we do not have: the replay signs the recorded fields with a test secret,
 * by the [3P] rule (HMAC-SHA256, pgCno|amount|transactionDate, hex) the recording's 64 hex digits fit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCredentials } from '../../core/channel.ts';
import { PgTransportError, type CancelRequest, type ConnectorContext } from '../contract.ts';
import { kicc } from './index.ts';
import { kiccMac, kiccPaths } from './wire.ts';
import { recordedBatchApproval as batchApproval, recordedFullCancel as fullCancel, recordedPartCancel as partialCancel } from '../../../test/support/kicc-recorded.ts';

const SECRET = 'fixture-secret';

/** A PG that answers every request with one recorded answer, keeping what it was asked. */
function replaying(answer: unknown) {
  const asked: { path: string; body: Record<string, unknown> }[] = [];
  const ctx: ConnectorContext = {
    fetch: async (input, init) => {
      asked.push({ path: new URL(String(input)).pathname, body: JSON.parse(String(init?.body)) as Record<string, unknown> });
      return Response.json(answer);
    },
    baseUrl: 'https://testpgapi.easypay.co.kr', timeoutMs: 1000, channel: { mode: 'test', pgId: '05574880', ...noCredentials(), secret: SECRET },
  };
  return { ctx, asked };
}
const signed = (r: typeof batchApproval) => ({ ...r, msgAuthValue: kiccMac(SECRET, [r.pgCno, r.amount, r.transactionDate]) });
const charge = { orderId: 'order-refund-231108-tr-1699411332197', merchantUid: 'm1', amount: 200, currency: 'KRW' as const, taxFree: 0, cardQuota: 0, name: '충전', billingKey: 'T00019972103BA260900', browserIp: null, buyer: { name: '홍길동', email: 'a@b.c', tel: '010-1234-5678', addr: null, postcode: null } };

describe('kicc recorded batch approval', () => {
  it('is an approval with its card, approval number and receipt', async () => {
    const { ctx, asked } = replaying(signed(batchApproval));
    const r = await kicc.chargeBillingKey(ctx, charge);
    assert.deepEqual(r, {
      kind: 'approved', pgTid: '23110811420910846419', applyNum: '62361024',
      card: { code: '361', name: '하나비씨카드', number: '41918700****383*', type: 0 },
      receiptUrl: 'https://testpgweb.easypay.co.kr/receipt/card?pgTid=23110811420910846419',
    });
    // The documented request (docs.kicc.co.kr billing/payment): the batch key under payMethodInfo.
    assert.equal(asked[0]!.path, kiccPaths.batchApproval);
    const b = asked[0]!.body;
    assert.equal(b.mallId, '05574880');
    assert.match(String(b.shopTransactionId), /^ap[0-9a-f]{40}$/, 'derived from the order with the secret: not guessable from the imp_uid');
    assert.equal(b.currency, '00');
    assert.match(String(b.approvalReqDate), /^\d{8}$/);
    assert.deepEqual(b.payMethodInfo, { billKeyMethodInfo: { batchKey: 'T00019972103BA260900' }, cardMethodInfo: { installmentMonth: 0 } });
    assert.deepEqual((b.orderInfo as { customerInfo: unknown }).customerInfo, { customerName: '홍길동', customerMail: 'a@b.c', customerContactNo: '01012345678' });
  });

  it('the recording carries 64 lowercase hex digits: an HMAC-SHA256 in hex', () => {
    assert.match(batchApproval.msgAuthValue, /^[0-9a-f]{64}$/);
  });

  it('a wrong msgAuthValue (here: the recorded one, made with the real mall\'s secret) is not an answer', async () => {
    const { ctx } = replaying(batchApproval);
    await assert.rejects(kicc.chargeBillingKey(ctx, charge), (e) => e instanceof PgTransportError && e.reason === 'bad_response');
  });

  it('an approval of another amount is not taken as this charge', async () => {
    const { ctx } = replaying(signed(batchApproval));
    await assert.rejects(kicc.chargeBillingKey(ctx, { ...charge, amount: 300 }), PgTransportError);
  });
});

describe('kicc recorded cancels', () => {
  const cancel = (over: Partial<CancelRequest>): CancelRequest => ({
    orderId: 'o1', pgTid: '23110811231710805288', requestId: 'refund-231108-tr-1699410722599', amount: 200, taxFree: 0, currency: 'KRW',
    remaining: 200, reason: '고객 요청', refund: null, payMethod: 'card', paid: 400, ...over,
  });

  it('a partial card cancel is revise 32 with amount and balance after it, signed pgCno|shopTransactionId; TS06 answers it', async () => {
    const { ctx, asked } = replaying(partialCancel);
    assert.deepEqual(await kicc.cancel(ctx, cancel({})), { kind: 'cancelled', pgCancelTid: '23110811320010824029', receiptUrl: null });
    const b = asked[0]!.body;
    assert.equal(asked[0]!.path, kiccPaths.revise);
    assert.equal(b.reviseTypeCode, '32');
    assert.equal(b.amount, 200);
    assert.equal(b.remainAmount, 0);
    assert.equal(b.msgAuthValue, kiccMac(SECRET, ['23110811231710805288', 'refund-231108-tr-1699410722599']));
    assert.match(String(b.cancelReqDate), /^\d{8}$/);
  });

  it('a whole cancel is revise 40 without amount; TS02 answers it', async () => {
    const { ctx, asked } = replaying(fullCancel);
    const r = await kicc.cancel(ctx, cancel({ pgTid: '23110811363910834569', requestId: 'refund-231108-tr-1699411243187', amount: 400, remaining: 400 }));
    assert.deepEqual(r, { kind: 'cancelled', pgCancelTid: '23110811404010843120', receiptUrl: null });
    assert.equal(asked[0]!.body.reviseTypeCode, '40');
    assert.equal(asked[0]!.body.amount, undefined);
  });

  it('transfer and phone partials are 33; virtual accounts are refunded to the account (60 / 62, RF01)', async () => {
    const { ctx, asked } = replaying(partialCancel);
    await kicc.cancel(ctx, cancel({ payMethod: 'trans' }));
    assert.equal(asked[0]!.body.reviseTypeCode, '33');
    const refund = { holder: '홍길동', bank: '004', account: '12345678901234', tel: null };
    await kicc.cancel(ctx, cancel({ payMethod: 'vbank', refund }));
    assert.equal(asked[1]!.body.reviseTypeCode, '62');
    assert.equal(asked[1]!.body.reviseSubTypeCode, 'RF01');
    assert.deepEqual(asked[1]!.body.refundInfo, { refundBankCode: '004', refundAccountNo: '12345678901234', refundDepositName: '홍길동' });
    const whole = replaying(fullCancel);
    await kicc.cancel(whole.ctx, cancel({ payMethod: 'vbank', refund, amount: 400, remaining: 400 }));
    assert.equal(whole.asked[0]!.body.reviseTypeCode, '60');
  });

  it('an answer whose amounts differ from the V1 balance is not taken as this cancel', async () => {
    const { ctx } = replaying(partialCancel);
    await assert.rejects(kicc.cancel(ctx, cancel({ amount: 100, remaining: 300 })), PgTransportError);
  });

  it('a refusal is the PG\'s code and message', async () => {
    const { ctx } = replaying({ resCd: 'R201', resMsg: '취소 가능 금액 초과' });
    assert.deepEqual(await kicc.cancel(ctx, cancel({})), { kind: 'rejected', pgCode: 'R201', pgMessage: '취소 가능 금액 초과' });
  });
});

describe('kicc status lookup', () => {
  it('asks by the approval\'s shopTransactionId and a Korean date; the recorded approval reads as approved', async () => {
    const { ctx, asked } = replaying(batchApproval); // lookups carry no msgAuthValue: not checked
    const s = await kicc.getTransaction(ctx, { orderId: charge.orderId });
    assert.ok(s.kind === 'approved' && s.pgTid === '23110811420910846419', JSON.stringify(s));
    assert.equal(asked[0]!.path, kiccPaths.retrieve);
    assert.match(String(asked[0]!.body.shopTransactionId), /^ap[0-9a-f]{40}$/);
    assert.match(String(asked[0]!.body.transactionDate), /^\d{8}$/);
  });

  it('nothing found today or yesterday is not found; an attempt older than that is left unknown', async () => {
    // Exactly a day ago is always yesterday in Korea (30 hours ago is yesterday only after 06:00 KST).
    const { ctx, asked } = replaying({ resCd: 'R404', resMsg: '거래 없음' });
    assert.deepEqual(await kicc.getTransaction(ctx, { orderId: 'o1', startedAt: Math.floor(Date.now() / 1000) - 86400 }), { kind: 'not_found' });
    assert.equal(new Set(asked.map((a) => a.body.transactionDate)).size, 2, 'today and yesterday');
    assert.deepEqual(await kicc.getTransaction(ctx, { orderId: 'o1', startedAt: Math.floor(Date.now() / 1000) - 3 * 86400 }), { kind: 'pending' });
  });
});
