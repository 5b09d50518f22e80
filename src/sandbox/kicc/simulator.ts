/**
 * A sandbox KICC (EasyPay): the web-pay window (shared sandbox window; card.direct / card.detail /
 * escrow rules in webpay.ts), approval of authorization ids, batch-key charges, revise (cancel),
 * lookups, openimp's REST vbank issue (vbank-issue.ts), and vbank deposits reported to `notiUrl`
 * with KICC's msgAuthValue.
 */
import type { Provider } from '../../core/payment.ts';
import { jsonApiHandler, reply, type Json, type JsonReply } from '../json-api.ts';
import { sandboxBooks, type BookTx } from '../books.ts';
import { sandboxOperations, type WindowApproval } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, randomDigits, randomHex, serialized,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { windowRoutes } from '../window-routes.ts';
import { sendNotification } from '../window-session.ts';
import { invalidCardMessage } from '../test-cards.ts';
import { issuedAccount } from '../vbank-issue.ts';
import { kiccWebpay } from './webpay.ts';
import { KICC_SANDBOX_KEY, kiccCodes as C, kiccDeclines, kiccMac, kiccMethods, kiccPaths as P, kiccStatus as S } from './wire.ts';

const provider: Provider = 'kicc';
type Reply = JsonReply;
const fail = (resCd: string, resMsg: string): Reply => reply({ resCd, resMsg });

function statusOf(tx: BookTx): string {
  if (tx.state === 'declined') return S.declined;
  if (tx.state === 'awaiting_deposit') return S.waitingDeposit;
  return tx.remain === 0 ? S.cancelled : tx.remain < tx.amount ? S.partCancelled : S.approved;
}

/** The trade as KICC reports it on approvals and lookups. */
function trade(tx: BookTx): Json {
  const c = tx.card;
  const methodCode = tx.method === 'key' || tx.method === 'card' ? kiccMethods.card : kiccMethods[tx.method];
  return {
    pgCno: tx.tid, shopOrderNo: tx.orderId, amount: tx.amount, statusCode: statusOf(tx), escrowUsed: tx.escrow ? 'Y' : 'N',
    paymentInfo: {
      payMethodTypeCode: methodCode, approvalNo: tx.authCode ?? '',
      ...(c ? { cardInfo: { cardNo: c.number, issuerCode: c.code, issuerName: c.name, cardGubun: c.type === 1 ? 'Y' : 'N', installmentMonth: tx.quota } } : {}),
      ...(tx.bank ? { bankInfo: { bankCode: tx.bank.code, bankName: tx.bank.name } } : {}),
      ...(tx.vbank ? { virtualAccountInfo: { bankCode: tx.vbank.code, bankName: tx.vbank.name, accountNo: tx.vbank.num, depositName: tx.vbank.holder, expiryDate: tx.vbank.due } } : {}),
    },
  };
}

function tradeReply(tx: BookTx, delayMs: number): Reply {
  const d = tx.declineReason ? kiccDeclines[tx.declineReason as keyof typeof kiccDeclines] : null;
  return d ? reply({ resCd: d.code, resMsg: d.msg, ...trade(tx) }, delayMs) : reply({ resCd: C.success, resMsg: '정상처리', ...trade(tx) }, delayMs);
}

function approvalReply(a: WindowApproval): Reply {
  switch (a.kind) {
    case 'cancelled': return fail(C.userCancelled, '사용자가 결제를 취소했습니다');
    case 'auth_declined': return fail(C.windowFailed, a.message);
    case 'garbage': return 'garbage';
    case 'invalid': return fail(C.invalidCard, invalidCardMessage);
    case 'key_refused': return a.reason === 'invalid' ? fail(C.invalidCard, invalidCardMessage) : fail(kiccDeclines[a.reason].code, kiccDeclines[a.reason].msg);
    case 'key': {
      const c = a.key.card;
      const cardInfo = { cardNo: c.number, issuerCode: c.code, issuerName: c.name, cardGubun: c.type === 1 ? 'Y' : 'N', installmentMonth: 0 };
      return reply({ resCd: C.success, resMsg: '정상처리', batchInfo: { batchKey: a.key.key, customerMail: a.key.buyerEmail ?? '', cardInfo } }, a.delayMs);
    }
    default: return tradeReply(a.tx, a.delayMs);
  }
}

export function createKiccSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const keyFor = (mid: string) => opts.merchantKey?.(provider, mid) ?? KICC_SANDBOX_KEY;
  const ops = sandboxOperations({
    books, now, random, charges, exclusive: serialized(), timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid: () => `${randomDigits(random, 20)}`, newKey: () => `${randomHex(random, 20).toUpperCase()}`,
  });
  const notify = opts.notify ?? fetch;

  async function notiDeposit(tx: BookTx, depositorName: string) {
    const n = { resCd: C.success, notiType: '30', mallId: tx.mid, pgCno: tx.tid, shopOrderNo: tx.orderId, amount: String(tx.amount), depositorName };
    const body = new URLSearchParams({ ...n, msgAuthValue: kiccMac(keyFor(tx.mid), [n.pgCno, n.shopOrderNo, n.amount, n.notiType]) }).toString();
    return sendNotification(notify, tx.notifyUrl!, body, 'application/x-www-form-urlencoded');
  }

  const win = windowRoutes({
    brand: { name: 'KICC EasyPay', color: '#0a4da2' }, store, now, random, vbankHolder: 'KICC 샌드박스',
    paths: { pay: P.webpay, deposit: P.deposit },
    open: (f) => kiccWebpay(f, keyFor),
    returnMethod: 'POST',
    returnFields: (s, a): Record<string, string> => a.result === 'cancelled' ? { resCd: C.userCancelled, resMsg: '사용자가 결제를 취소했습니다', shopOrderNo: s.orderId }
      : a.result === 'declined' ? { resCd: C.windowFailed, resMsg: a.message, shopOrderNo: s.orderId }
      : { resCd: C.success, resMsg: '인증 성공', shopOrderNo: s.orderId, authorizationId: s.id },
    deposit: { books, ops, notify: notiDeposit },
  });

  const amountOk = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

  async function api(path: string, b: Json): Promise<Reply> {
    const mid = typeof b.mallId === 'string' && /^[A-Za-z0-9_]{4,20}$/.test(b.mallId) ? b.mallId : null;
    if (mid === null) return fail(C.badParam, 'mallId 오류');
    if (path === P.approval) {
      const s = await win.sessions.get(String(b.authorizationId ?? ''));
      if (!s || s.mid !== mid || s.orderId !== b.shopOrderNo || !s.auth) return fail(C.badToken, '인증 정보가 올바르지 않습니다');
      // KICC billing windows issue the key only; the amount is display only (SEED 002).
      return approvalReply(await ops.approveWindow(s, () => false));
    }
    if (path === P.batchApproval) {
      if (!amountOk(b.amount) || typeof b.shopOrderNo !== 'string' || b.shopOrderNo === '') return fail(C.badParam, '결제 금액 또는 주문번호 오류');
      if (b.msgAuthValue !== kiccMac(keyFor(mid), [mid, b.shopOrderNo, b.amount, String(b.batchKey ?? '')])) return fail(C.badAuth, '위변조 검증 실패 (msgAuthValue)');
      const r = await ops.chargeKey({
        mid, orderId: b.shopOrderNo, amount: b.amount, currency: 'KRW', taxFree: Number(b.taxFreeAmount ?? 0) || 0,
        buyerEmail: typeof b.customerMail === 'string' ? b.customerMail : null, key: String(b.batchKey ?? ''), quota: Number(b.installmentMonth ?? 0) || 0,
      });
      if (r.kind === 'garbage') return 'garbage';
      if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 승인된 주문번호 (금액 상이)');
      if (r.kind === 'unknown_key' || r.kind === 'refused') return fail(C.unknownKey, '등록되지 않은 배치키');
      if (r.kind === 'invalid') return fail(C.invalidCard, invalidCardMessage);
      return tradeReply(r.tx, r.delayMs);
    }
    if (path === P.revise) {
      if (!amountOk(b.amount) || (b.reviseTypeCode !== '40' && b.reviseTypeCode !== '32')) return fail(C.badParam, '취소 금액 또는 취소 구분 오류');
      if (b.msgAuthValue !== kiccMac(keyFor(mid), [String(b.pgCno ?? ''), b.reviseTypeCode, b.amount])) return fail(C.badAuth, '위변조 검증 실패 (msgAuthValue)');
      const requestId = typeof b.shopTransactionId === 'string' && b.shopTransactionId !== '' ? b.shopTransactionId.slice(0, 60) : undefined;
      const r = await ops.cancel(mid, { tid: String(b.pgCno ?? '') }, b.amount, Number(b.taxFreeAmount ?? 0) || 0, { fullOnly: b.reviseTypeCode === '40', requestId });
      if (r.kind === 'refused') {
        const codes = { no_tx: [C.noTx, '원거래 없음'], over: [C.overCancel, '취소 금액이 잔액을 초과합니다'], nothing_left: [C.nothingLeft, '이미 전액 취소된 거래'],
          not_full: [C.notFullBalance, '전체취소 금액이 잔액과 다릅니다'], tax_free: [C.badCancelTaxFree, '면세 취소 금액 오류'], not_paid: [C.notPaid, '승인되지 않은 거래'] } as const;
        return fail(codes[r.why][0], codes[r.why][1]);
      }
      return reply({ resCd: C.success, resMsg: '정상취소', reviseInfo: { cancelPgCno: r.cancel.cancelTid, cancelAmount: r.cancel.amount, remainAmount: r.tx.remain } });
    }
    if (path === P.vbankIssue) {
      const order = String(b.shopOrderNo ?? '');
      const bankCode = String(b.bankCode ?? '');
      const due = b.expiryDate;
      const taxFree = Number(b.taxFreeAmount ?? 0);
      if (!amountOk(b.amount) || order === '' || !Number.isSafeInteger(due) || (due as number) <= now() || !Number.isSafeInteger(taxFree) || taxFree < 0 || taxFree > b.amount) {
        return fail(C.badParam, '금액, 주문번호 또는 입금기한 오류');
      }
      if (typeof b.notiUrl !== 'string' || !/^https?:\/\//.test(b.notiUrl)) return fail(C.badParam, 'notiUrl 오류');
      if (b.msgAuthValue !== kiccMac(keyFor(mid), [mid, order, b.amount, bankCode, due as number])) return fail(C.badAuth, '위변조 검증 실패 (msgAuthValue)');
      const account = issuedAccount(random, bankCode, typeof b.depositName === 'string' && b.depositName !== '' ? b.depositName : 'KICC 샌드박스', due as number);
      if (!account) return fail(C.badParam, '은행코드 오류');
      const r = await ops.issueVbank({ mid, orderId: order, amount: b.amount, currency: 'KRW', taxFree, buyerEmail: typeof b.customerMail === 'string' ? b.customerMail : null }, account, b.notiUrl);
      return r.kind === 'duplicate' ? fail(C.duplicateOrder, '이미 처리된 주문번호') : tradeReply(r.tx, 0);
    }
    if (path === P.retrieve) {
      const tx = await books.findOrder(mid, String(b.shopOrderNo ?? ''));
      if (!tx) return fail(C.notFound, '거래내역 없음');
      const d = tx.declineReason ? kiccDeclines[tx.declineReason as keyof typeof kiccDeclines] : null;
      const revisions = tx.cancels.map((c) => ({ cancelPgCno: c.cancelTid, cancelAmount: c.amount, shopTransactionId: c.requestId ?? '' }));
      return reply({ resCd: C.success, resMsg: '조회 성공', ...trade(tx), remainAmount: tx.remain, reviseInfoList: revisions, ...(d ? { declineCd: d.code, declineMsg: d.msg } : {}) });
    }
    return fail(C.badParam, '지원하지 않는 요청');
  }

  return {
    provider,
    handle: jsonApiHandler({ provider, pages: (req, path, base) => win.route(req, path, base), apiPrefix: '/api/', notFound: { resCd: C.badParam, resMsg: 'not found' }, badJson: { resCd: C.badParam, resMsg: 'JSON 형식 오류' }, api }),
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: win.depositByTid,
  };
}
