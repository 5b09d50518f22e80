/**
 * KICC's PG API as its documentation describes it, for a test-mode channel pointed at it
 * (OPENIMP_KICC_URL): written from docs.kicc.co.kr (register-tx, billing register-window, issue-key,
 * billing/payment, delete-key, management/cancel + refund, query-status) and KICC's recorded answers
 * (pg-protocols.md §1.8, test/support/kicc-recorded.ts), never from openimp's connector. Every request
 * is checked against the documented parameter table (`problems`); msgAuthValue is computed here by
 * the [3P] rule with node:crypto (HMAC-SHA256, lowercase hex).
 */
import { createHmac } from 'node:crypto';
import { recordedBatchApproval, recordedFullCancel, recordedPartCancel } from './kicc-recorded.ts';
import { A, N, O, req, S, violations, kstToday, type FieldTable } from './doc-fields.ts';
import type { Recorded } from './recording-pg.ts';

const yyyyMMdd = /^\d{8}$/;
const customerInfo = O({ customerId: S(20), customerName: S(20), customerMail: S(50), customerContactNo: S(11, /^\d*$/), customerAddr: S(200) });
const orderInfo = req(O({ goodsName: req(S(50)), goodsTypeCode: S(1, /^[01]$/), customerInfo }));

/** The documented request tables, by path. Sub-tables the retrieved pages do not show are left open. */
export const kiccTables: Record<string, FieldTable> = {
  '/api/ep9/trades/webpay': {
    mallId: req(S(8)), shopOrderNo: req(S(40)), amount: req(N()), payMethodTypeCode: req(S(2, /^\d\d$/)), currency: req(S(2, /^00$/)),
    returnUrl: req(S(256)), deviceTypeCode: req(S(20, /^(pc|mobile)$/)), clientTypeCode: req(S(2, /^00$/)), langFlag: S(3, /^(KOR|ENG|JPN|CHN)$/),
    appScheme: S(256), orderInfo, payMethodInfo: O(), taxInfo: O(),
    shopValueInfo: O({ value1: S(), value2: S(), value3: S(), value4: S(), value5: S(), value6: S(), value7: S() }),
    depositInfoList: A(), escrowInfo: O(), basketInfoList: A(),
  },
  '/api/ep9/trades/approval': {
    mallId: req(S(8)), shopTransactionId: req(S(60)), authorizationId: req(S(60)), shopOrderNo: req(S(40)), approvalReqDate: req(S(8, yyyyMMdd)),
  },
  '/api/trades/approval/batch': {
    mallId: req(S(8)), shopTransactionId: req(S(60)), shopOrderNo: req(S(40)), approvalReqDate: req(S(8, yyyyMMdd)), amount: req(N()),
    currency: req(S(2, /^00$/)), orderInfo, payMethodInfo: req(O({ billKeyMethodInfo: req(O({ batchKey: req(S(40)) })), cardMethodInfo: O() })),
    taxInfo: O({ taxationAmount: req(N()), taxFreeAmount: req(N()), vatAmount: req(N()) }),
  },
  '/api/trades/removeBatchKey': { mallId: req(S(8)), shopTransactionId: req(S(60)), batchKey: req(S(40)), removeReqDate: req(S(8, yyyyMMdd)) },
  '/api/trades/revise': {
    mallId: req(S(8)), shopTransactionId: req(S(60)), pgCno: req(S(20)), reviseTypeCode: req(S(2, /^\d\d$/)), reviseSubTypeCode: S(4),
    amount: N(), remainAmount: N(), clientIp: S(20), clientId: S(32), cancelReqDate: req(S(8, yyyyMMdd)), msgAuthValue: req(S(200)),
    reviseMessage: S(100), refundQueryFlag: S(1, /^Y$/), taxInfo: O({ taxationAmount: req(N()), taxFreeAmount: req(N()), vatAmount: req(N()) }),
    basketUsed: S(1, /^[YN]$/), basketInfo: O(), escrowInfo: O(),
    refundInfo: O({ refundBankCode: S(3), refundAccountNo: S(20), refundDepositName: S(20) }),
  },
  '/api/trades/retrieveTransaction': { mallId: req(S(8)), shopTransactionId: req(S(60)), transactionDate: req(S(8, yyyyMMdd)) },
};

export const kiccHmac = (secret: string, ...parts: (string | number)[]): string => createHmac('sha256', secret).update(parts.join('|')).digest('hex');

type Tx = { pgCno: string; shopOrderNo: string; shopTransactionId: string; amount: number; method: string; remaining: number; cancelled: number; transactionDate: string; batchKey?: string };

export type KiccDocPg = {
  relay(r: Recorded): Promise<Response>;
  /** Everything a request did that the documentation does not allow, with the request's path. */
  problems: string[];
  /** The registration KICC received for an order (shopOrderNo). */
  registered: Map<string, Record<string, any>>;
  /** The authorizationId KICC's window would post to the returnUrl for an order. */
  authorizationOf(shopOrderNo: string): string;
  /** The batch key KICC issues (answered in paymentInfo.cardInfo.cardNo). */
  batchKey: string;
  removed: string[];
};

export function kiccDocPg(mallId: string, secret: string, now: () => number = () => Date.now()): KiccDocPg {
  const problems: string[] = [];
  const registered = new Map<string, Record<string, any>>();
  const byTxId = new Map<string, unknown>();
  const byPgCno = new Map<string, Tx>();
  const removed: string[] = [];
  const batchKey = 'T00019972103BA260900'; // the official delete-key example's key
  let seq = 0;
  const pgCno = () => `${txDate().slice(2)}${String(++seq).padStart(8, '0')}`; // as recorded: yyMMddHHmmss + 8 digits
  const txDate = () => new Date(now() + 9 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const refuse = (resCd: string, resMsg: string) => Response.json({ resCd, resMsg });
  const problem = (path: string, p: string) => problems.push(`${path} ${p}`);

  const approvalAnswer = (body: Record<string, any>, amount: number, method: string) => {
    const r = recordedBatchApproval;
    const cno = pgCno();
    const transactionDate = txDate();
    const card = { ...r.paymentInfo.cardInfo, cardNo: method === '81' ? batchKey : r.paymentInfo.cardInfo.cardNo, cardMaskNo: method === '81' ? '41918700****383*' : '' };
    const vbank = method === '22' ? { bankCode: '011', bankName: 'NH농협', accountNo: '79012345678901', depositName: '(주)오픈아임포트', expiryDate: '20991231' } : r.paymentInfo.virtualAccountInfo;
    const paymentInfo = { ...r.paymentInfo, payMethodTypeCode: method, approvalNo: method === '22' ? '' : '62361024', approvalDate: transactionDate, cardInfo: method === '11' || method === '81' ? card : { ...card, cardNo: '', issuerCode: '', issuerName: '' }, virtualAccountInfo: vbank };
    const answer = {
      ...r, mallId, pgCno: cno, shopTransactionId: body.shopTransactionId, shopOrderNo: body.shopOrderNo, amount, transactionDate,
      statusCode: method === '22' ? 'TS01' : 'TS03', statusMessage: method === '22' ? '미승인' : '매입요청', paymentInfo,
      msgAuthValue: kiccHmac(secret, cno, amount, transactionDate),
    };
    byTxId.set(body.shopTransactionId, { ...answer, msgAuthValue: undefined });
    byPgCno.set(cno, { pgCno: cno, shopOrderNo: body.shopOrderNo, shopTransactionId: body.shopTransactionId, amount, method, remaining: amount, cancelled: 0, transactionDate });
    return Response.json(answer);
  };

  async function relay(r: Recorded): Promise<Response> {
    const path = new URL(r.url, 'http://kicc').pathname;
    const table = kiccTables[path];
    if (!table) return new Response('Not Found', { status: 404 });
    if (r.method !== 'POST') problem(path, `method ${r.method}, documented POST`);
    if (String(r.headers['content-type']).replace(/\s/g, '').toLowerCase() !== 'application/json;charset=utf-8') problem(path, `Content-type ${r.headers['content-type']}, documented application/json; charset=utf-8`);
    let body: Record<string, any>;
    try { body = JSON.parse(r.body); } catch { problem(path, 'body is not JSON'); return refuse('9999', 'JSON'); }
    for (const v of violations(body, table)) problem(path, v);
    if (body.mallId !== mallId) return refuse('M114', '상점ID 오류');
    const today = kstToday(now());
    switch (path) {
      case '/api/ep9/trades/webpay': {
        registered.set(body.shopOrderNo, body);
        return Response.json({ resCd: '0000', resMsg: '정상처리', authPageUrl: `https://testpgapi.easypay.co.kr/webpay/MainAction.do?authPageToken=${encodeURIComponent(body.shopOrderNo)}` });
      }
      case '/api/ep9/trades/approval': {
        if (body.approvalReqDate !== today) problem(path, `approvalReqDate ${body.approvalReqDate}, not today in Korea ${today}`);
        const known = byTxId.get(body.shopTransactionId);
        if (known) return Response.json(known); // idempotency: the same answer
        const reg = registered.get(body.shopOrderNo);
        if (!reg || body.authorizationId !== authorizationOf(body.shopOrderNo)) return refuse('A101', '인증정보 없음');
        return approvalAnswer(body, reg.amount, reg.payMethodTypeCode);
      }
      case '/api/trades/approval/batch': {
        if (body.approvalReqDate !== today) problem(path, `approvalReqDate ${body.approvalReqDate}, not today in Korea ${today}`);
        if (body.payMethodInfo?.billKeyMethodInfo?.batchKey !== batchKey || removed.includes(batchKey)) return refuse('B201', '배치키 없음');
        return approvalAnswer(body, body.amount, '11');
      }
      case '/api/trades/removeBatchKey': {
        if (body.removeReqDate !== today) problem(path, `removeReqDate ${body.removeReqDate}, not today in Korea ${today}`);
        removed.push(body.batchKey);
        return Response.json({ resCd: '0000', resMsg: 'Success', mallId, shopTransactionId: body.shopTransactionId, removeReqDate: body.removeReqDate });
      }
      case '/api/trades/revise': {
        if (body.cancelReqDate !== today) problem(path, `cancelReqDate ${body.cancelReqDate}, not today in Korea ${today}`);
        if (body.msgAuthValue !== kiccHmac(secret, body.pgCno, body.shopTransactionId)) return refuse('V001', '메시지 인증 실패');
        const tx = byPgCno.get(body.pgCno);
        if (!tx) return refuse('R100', '원거래 없음');
        const known = byTxId.get(body.shopTransactionId);
        if (known) return Response.json(known);
        const full = body.reviseTypeCode === '40' || body.reviseTypeCode === '60';
        if (full && body.amount !== undefined) problem(path, 'a full cancel carries no amount (documented: required for partial)');
        if (!full && (body.amount === undefined || body.remainAmount === undefined)) problem(path, 'a partial cancel needs amount and remainAmount');
        const amount = full ? tx.remaining : body.amount;
        if (amount > tx.remaining || amount <= 0) return refuse('R202', '취소 가능 금액 초과');
        if (!full && body.remainAmount !== tx.remaining - amount) return refuse('R203', '취소 후 잔액 불일치');
        tx.remaining -= amount;
        tx.cancelled += amount;
        const recorded = full ? recordedFullCancel : recordedPartCancel;
        const answer = {
          ...recorded, mallId, shopTransactionId: body.shopTransactionId, shopOrderNo: tx.shopOrderNo, oriPgCno: tx.pgCno, cancelPgCno: pgCno(),
          transactionDate: txDate(), cancelAmount: amount, remainAmount: tx.remaining,
        };
        byTxId.set(body.shopTransactionId, answer);
        return Response.json(answer);
      }
      case '/api/trades/retrieveTransaction': {
        const known = byTxId.get(body.shopTransactionId);
        return known ? Response.json(known) : refuse('R404', '거래 없음');
      }
    }
    return refuse('9999', 'unreachable');
  }
  const authorizationOf = (shopOrderNo: string) => `AUTH${Buffer.from(shopOrderNo).toString('hex')}`.slice(0, 60);
  return { relay, problems, registered, authorizationOf, batchKey, removed };
}
