/**
 * `POST /api/trades/revise` (management/cancel, escrow/status-change): what each `reviseTypeCode`
 * may change on which trade, checked against the balance as KICC does: 40 full cancel, 32 card part,
 * 33 transfer/phone part, 60/62 (`RF01`) and 63 (`10`/`11`/`20`/`21`) refunds of a paid virtual
 * account to `refundInfo`, 61 escrow status change. The request is authenticated by
 * `msgAuthValue` = HMAC(secret, pgCno|shopTransactionId) before anything is looked at.
 */
import { bankByCode } from '../../core/bank-codes.ts';
import type { BookTx } from '../books.ts';
import type { Json } from '../json-api.ts';
import type { SandboxOperations } from '../operations.ts';
import { kiccCodes as C, reviseTypes as R } from './wire.ts';
import { obj } from './fields.ts';

export type ReviseFail = { resCd: string; resMsg: string };
/** What to do with a trade: cancel `amount` (full = the whole balance), void an unpaid account, or register a delivery. */
export type RevisePlan =
  | { kind: 'cancel'; amount: number; taxFree: number; full: boolean; refund: boolean }
  | { kind: 'void' }
  | { kind: 'escrow'; delivery: { code: string; corp: string; invoice: string } };

const fail = (resCd: string, resMsg: string): ReviseFail => ({ resCd, resMsg });

/** Sub codes of 63: 10/20 whole balance, 11/21 part (reference §1.3). */
const refundNowFull: Record<string, boolean> = { '10': true, '20': true, '11': false, '21': false };
/** Escrow delivery registration (`61` + this sub code): openimp's guess, no sub-code table was retrieved. */
export const ESCROW_DELIVERY = 'ES07';

function refundAccountOk(b: Json): boolean {
  const r = obj(b.refundInfo);
  return r !== null && bankByCode(String(r.refundBankCode ?? '')) !== null
    && /^[0-9]{6,14}$/.test(String(r.refundAccountNo ?? '')) && typeof r.refundDepositName === 'string' && r.refundDepositName.trim() !== '';
}

/** Checks an amount and `remainAmount` (the merchant's view of the balance after it) against the trade. */
function part(b: Json, tx: BookTx): { amount: number } | ReviseFail {
  const amount = b.amount;
  if (!Number.isSafeInteger(amount) || (amount as number) <= 0) return fail(C.badParam, '취소금액 오류 (amount)');
  if ((amount as number) > tx.remain) return fail(C.overCancel, '취소금액이 취소가능금액을 초과합니다');
  if (b.remainAmount !== undefined && b.remainAmount !== tx.remain - (amount as number)) return fail(C.remainMismatch, '취소 후 잔액(remainAmount)이 일치하지 않습니다');
  return { amount: amount as number };
}

export function planRevise(b: Json, tx: BookTx): RevisePlan | ReviseFail {
  const type = String(b.reviseTypeCode ?? '');
  const sub = String(b.reviseSubTypeCode ?? '');
  const taxFree = obj(b.taxInfo)?.freeAmount ?? 0;
  if (!Number.isSafeInteger(taxFree) || (taxFree as number) < 0) return fail(C.badParam, '면세금액 오류 (taxInfo.freeAmount)');
  const tf = taxFree as number;
  const paidVbank = tx.method === 'vbank' && tx.state === 'paid';
  if (type === R.escrow) {
    if (!tx.escrow) return fail(C.notEscrow, '에스크로 거래가 아닙니다');
    if (sub !== ESCROW_DELIVERY) return fail(C.badParam, '에스크로 변경 세부코드 오류 (reviseSubTypeCode)');
    const e = obj(b.escrowInfo);
    const code = String(e?.deliveryCode ?? '');
    const corp = String(e?.deliveryCorpCode ?? '');
    const invoice = String(e?.deliveryInvoice ?? '');
    if (code !== 'DE01' && code !== 'DE02') return fail(C.badParam, '배송구분 오류 (escrowInfo.deliveryCode)');
    if (code === 'DE02' && (corp === '' || invoice === '' || invoice.length > 30)) return fail(C.badParam, '택배사 코드와 운송장 번호가 필요합니다');
    if (tx.state !== 'paid' || tx.remain === 0) return fail(C.notPaid, '배송등록할 수 없는 거래 상태입니다');
    return { kind: 'escrow', delivery: { code, corp, invoice } };
  }
  if (type === R.cancelFull) {
    if (tx.state === 'awaiting_deposit') return { kind: 'void' };
    if (paidVbank) return fail(C.wrongReviseType, '입금된 가상계좌는 환불(60, 62, 63)로 요청하세요');
    if (tx.state !== 'paid') return fail(C.notPaid, '취소할 수 없는 거래 상태입니다');
    if (tx.remain === 0) return fail(C.nothingLeft, '이미 취소된 거래입니다');
    return { kind: 'cancel', amount: tx.remain, taxFree: tx.remainTaxFree, full: true, refund: false };
  }
  if (type === R.cancelCardPart || type === R.cancelBankPart) {
    const methods = type === R.cancelCardPart ? ['card', 'key'] : ['trans', 'phone'];
    if (!methods.includes(tx.method)) return fail(C.wrongReviseType, type === R.cancelCardPart ? '신용카드 거래가 아닙니다' : '계좌이체, 휴대폰 거래가 아닙니다');
    if (tx.state !== 'paid') return fail(C.notPaid, '취소할 수 없는 거래 상태입니다');
    if (tx.remain === 0) return fail(C.nothingLeft, '이미 취소된 거래입니다');
    const p = part(b, tx);
    return 'resCd' in p ? p : { kind: 'cancel', amount: p.amount, taxFree: tf, full: false, refund: false };
  }
  if (type === R.refundFull || type === R.refundPart || type === R.refundNow) {
    if (!paidVbank) return fail(C.wrongReviseType, '환불은 입금된 가상계좌 거래만 가능합니다');
    const full = type === R.refundFull || (type === R.refundNow && refundNowFull[sub] === true);
    if (type === R.refundNow ? !(sub in refundNowFull) : sub !== 'RF01') return fail(C.badParam, '환불 세부코드 오류 (reviseSubTypeCode)');
    if (!refundAccountOk(b)) return fail(C.badRefundAccount, '환불계좌 정보 오류 (refundInfo)');
    if (tx.remain === 0) return fail(C.nothingLeft, '이미 환불된 거래입니다');
    if (full) return { kind: 'cancel', amount: tx.remain, taxFree: tx.remainTaxFree, full: true, refund: true };
    const p = part(b, tx);
    return 'resCd' in p ? p : { kind: 'cancel', amount: p.amount, taxFree: tf, full: false, refund: true };
  }
  return fail(C.badParam, '변경구분 코드 오류 (reviseTypeCode)');
}

/** Runs a cancel plan through the shared books; the shopTransactionId makes a repeat answer the same cancel. */
export async function runCancel(ops: SandboxOperations, tx: BookTx, p: Extract<RevisePlan, { kind: 'cancel' }>, requestId: string) {
  const r = await ops.cancel(tx.mid, { tid: tx.tid }, p.amount, p.taxFree, { requestId });
  if (r.kind === 'cancelled') return r;
  const why: Record<typeof r.why, ReviseFail> = {
    no_tx: fail(C.noTx, '원거래가 없습니다'), not_paid: fail(C.notPaid, '취소할 수 없는 거래 상태입니다'), nothing_left: fail(C.nothingLeft, '이미 취소된 거래입니다'),
    over: fail(C.overCancel, '취소금액이 취소가능금액을 초과합니다'), tax_free: fail(C.badCancelTaxFree, '면세 취소금액 오류'), not_full: fail(C.overCancel, '전체취소 금액 오류'),
  };
  return why[r.why];
}
