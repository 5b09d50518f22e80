/**
 * How the fake KICC reports a trade: the approval answer (`/api/ep9/trades/approval`,
 * `/api/trades/approval/batch`, lookups) shaped like the recorded real batch-approval answer, the
 * revise answer shaped like the recorded cancel answers (reference §1.8), and the JSON notification
 * (webhook page: common fields `resCd resMsg mallId notiType pgCno`; the rest is openimp's guess).
 */
import type { BookCancel, BookKey, BookTx } from '../books.ts';
import type { Json } from '../json-api.ts';
import { cardCompanyOf } from '../test-cards.ts';
import { kiccCardCodes, kiccMethods, kiccStatus as S, kstDate, kstDateTime } from './wire.ts';

type Card = { code: string; name: string; number: string; type: 0 | 1 };

export function statusOf(tx: BookTx): readonly [string, string] {
  if (tx.state === 'awaiting_deposit') return S.waitingDeposit;
  if (tx.state === 'declined') return tx.declineReason === 'voided' ? S.cancelled : S.notApproved;
  if (tx.cancels.length === 0) return S.approved;
  return tx.remain === 0 && tx.cancels.length === 1 ? S.cancelled : S.partCancelled;
}

export const methodCodeOf = (tx: BookTx): string => (tx.method === 'key' || tx.method === 'card' ? kiccMethods.card : kiccMethods[tx.method]);

/** An 8-digit approval number from the book's auth code. */
export const approvalNo = (authCode: string | null): string => (authCode ? String(parseInt(authCode, 16) % 1e8).padStart(8, '0') : '');

/** `vanSno`: the VAN's serial number of the approval (12 digits in the recorded answer); empty for a key issuance. */
export function cardInfo(c: Card | null, quota: number, batchKey?: string, vanSno = ''): Json {
  const k = c ? kiccCardCodes[c.code] ?? kiccCardCodes[cardCompanyOf(c.number).code] : undefined;
  return {
    cardNo: batchKey ?? c?.number ?? '', issuerCode: k?.code ?? '', issuerName: k?.issuer ?? '', acquirerCode: k?.code ?? '', acquirerName: k?.acquirer ?? '',
    installmentMonth: quota, freeInstallmentTypeCode: '00', cardGubun: c ? (c.type === 1 ? 'Y' : 'N') : '', cardBizGubun: c ? 'P' : '',
    partCancelUsed: c ? 'Y' : '', subCardCd: '', cardMaskNo: batchKey ? c?.number ?? '' : '', vanSno, couponAmount: 0,
  };
}

const emptyPayment = (): Json => ({
  cpCode: '', multiCardAmount: '', multiPntAmount: '', multiCponAmount: '',
  bankInfo: { bankCode: '', bankName: '' },
  virtualAccountInfo: { bankCode: '', bankName: '', accountNo: '', depositName: '', expiryDate: '' },
  mobInfo: { authId: '', billId: '', mobileNo: '', mobileAnsimUsed: '', mobileCd: '' },
  prepaidInfo: { billId: '', remainAmount: 0 },
  cashReceiptInfo: { resCd: '', resMsg: '', approvalNo: '', approvalDate: '' },
  basketInfoList: [],
});

export type TradeExtra = { shopTransactionId: string; phone?: { carrier: string; number: string } | null; basket?: Json[]; shopValues?: Record<string, string> };

/** The approval-shaped answer of a trade (without resCd/resMsg/msgAuthValue). */
export function tradeBody(tx: BookTx, x: TradeExtra): Json {
  const [statusCode, statusMessage] = statusOf(tx);
  const paymentInfo: Json = {
    payMethodTypeCode: methodCodeOf(tx), approvalNo: approvalNo(tx.authCode), approvalDate: kstDateTime(tx.vbank?.paidAt ?? tx.at),
    cardInfo: cardInfo(tx.card, tx.quota, undefined, tx.card ? tx.tid.slice(-12) : ''), ...emptyPayment(),
  };
  if (tx.bank) paymentInfo.bankInfo = { bankCode: tx.bank.code, bankName: tx.bank.name };
  if (tx.vbank) {
    paymentInfo.virtualAccountInfo = { bankCode: tx.vbank.code, bankName: tx.vbank.name, accountNo: tx.vbank.num, depositName: tx.vbank.holder, expiryDate: kstDateTime(tx.vbank.due) };
  }
  if (x.phone) paymentInfo.mobInfo = { authId: '', billId: tx.tid.slice(-10), mobileNo: x.phone.number, mobileAnsimUsed: 'N', mobileCd: x.phone.carrier };
  if (x.basket) paymentInfo.basketInfoList = x.basket;
  return {
    mallId: tx.mid, pgCno: tx.tid, shopTransactionId: x.shopTransactionId, shopOrderNo: tx.orderId, amount: tx.amount,
    transactionDate: kstDateTime(tx.at), statusCode, statusMessage, escrowUsed: tx.escrow ? 'Y' : 'N', ...(x.shopValues ?? {}), paymentInfo,
  };
}

/** A billing key's issuance answer: the key in `cardInfo.cardNo`, the masked card in `cardMaskNo` (reference §1.3, [3P]). */
export function keyBody(k: BookKey, pgCno: string, at: number, shopTransactionId: string, orderNo: string): Json {
  return {
    mallId: k.mid, pgCno, shopTransactionId, shopOrderNo: orderNo, amount: 0, transactionDate: kstDateTime(at),
    statusCode: S.approved[0], statusMessage: S.approved[1], escrowUsed: 'N',
    paymentInfo: { payMethodTypeCode: kiccMethods.billing, approvalNo: '', approvalDate: kstDateTime(at), cardInfo: cardInfo(k.card, 0, k.key), ...emptyPayment() },
  };
}

/** The revise answer (recorded partial/full cancel answers): TS02 for a full cancel or refund, TS06 for a part. */
export function reviseBody(tx: BookTx, c: BookCancel, full: boolean, shopTransactionId: string, refund: boolean): Json {
  const [statusCode, statusMessage] = full ? S.cancelled : S.partCancelled;
  return {
    mallId: tx.mid, shopTransactionId, shopOrderNo: tx.orderId, oriPgCno: tx.tid, cancelPgCno: c.cancelTid, transactionDate: kstDateTime(c.at),
    cancelAmount: c.amount, remainAmount: tx.remain, statusCode, statusMessage, escrowUsed: tx.escrow ? 'Y' : 'N',
    reviseInfo: {
      payMethodTypeCode: methodCodeOf(tx), approvalNo: '', approvalDate: kstDateTime(c.at), cardInfo: { couponAmount: 0 },
      refundInfo: { refundDate: refund ? kstDate(c.at + 24 * 3600) : '', depositPgCno: refund ? c.cancelTid : '' },
      cashReceiptInfo: { resCd: '', resMsg: '', approvalNo: '', cancelDate: '' },
    },
  };
}

/** A notification body (notiType per wire.ts); `more` carries the event's own fields. */
export function notiBody(tx: BookTx, notiType: string, at: number, more: Json = {}): Json {
  const [statusCode, statusMessage] = statusOf(tx);
  return {
    resCd: '0000', resMsg: '정상처리', mallId: tx.mid, notiType, pgCno: tx.tid, shopOrderNo: tx.orderId, amount: tx.amount,
    payMethodTypeCode: methodCodeOf(tx), approvalNo: approvalNo(tx.authCode), transactionDate: kstDateTime(at), statusCode, statusMessage,
    escrowUsed: tx.escrow ? 'Y' : 'N', ...more,
  };
}
