/**
 * Translation between the contract and KICC's wire: KRW amounts (JSON numbers) and KICC answers to
 * results. Only `resCd` 0000 with an approved status (or a batch key) is a success.
 */
import type { Currency } from '../../core/money.ts';
import {
  PgTransportError,
  type Approved, type CancelResult, type CardDetails, type ChargeResult, type Declined, type PgRefunds, type TransactionStatus, type WindowOutcome,
} from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import { kiccCodes, kiccStatus, type ReviseResponse, type TradeResponse } from './wire.ts';

export const wireAmount = (minor: number, currency: Currency): number => krwWireAmount('KICC', minor, currency);

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `KICC ${what}`);

const cardOf = (c: { cardNo: string; issuerCode: string; issuerName: string; cardGubun: 'N' | 'Y' }): CardDetails =>
  ({ code: c.issuerCode, name: c.issuerName, number: c.cardNo, type: c.cardGubun === 'Y' ? 1 : 0 });

const paidStatuses: readonly string[] = [kiccStatus.approved, kiccStatus.cancelled, kiccStatus.partCancelled];

function approved(r: TradeResponse): Approved {
  if (!r.pgCno || !r.paymentInfo) throw bad('approval without pgCno');
  const card = r.paymentInfo.cardInfo ? cardOf(r.paymentInfo.cardInfo) : null;
  return { kind: 'approved', pgTid: r.pgCno, applyNum: r.paymentInfo.approvalNo || null, card, receiptUrl: null };
}

const declined = (r: TradeResponse): Declined => ({ kind: 'declined', pgTid: r.pgCno ?? null, pgCode: r.resCd, pgMessage: r.resMsg });

export function toChargeResult(r: TradeResponse, requestedMinor: number): ChargeResult {
  if (r.resCd !== kiccCodes.success) return declined(r);
  if (!paidStatuses.includes(r.statusCode ?? '')) throw bad(`approval answered status ${r.statusCode ?? 'none'}`);
  if (r.amount !== requestedMinor) throw bad('approved a different amount');
  return approved(r);
}

const methodNames = { '11': 'card', '21': 'trans', '31': 'phone' } as const;

export function toWindowOutcome(r: TradeResponse): WindowOutcome {
  if (r.resCd !== kiccCodes.success) return declined(r);
  if (r.batchInfo) {
    // KICC issues the batch key without charging the displayed amount (SEED 002).
    return { kind: 'billing_key_issued', billingKey: r.batchInfo.batchKey, card: cardOf(r.batchInfo.cardInfo), buyerEmail: r.batchInfo.customerMail || null, charge: null };
  }
  const v = r.paymentInfo?.virtualAccountInfo;
  if (r.statusCode === kiccStatus.waitingDeposit) {
    if (!v || !r.pgCno) throw bad('vbank without account');
    return { kind: 'vbank_issued', pgTid: r.pgCno, receiptUrl: null, vbank: { code: v.bankCode, name: v.bankName, num: v.accountNo, holder: v.depositName, due: v.expiryDate } };
  }
  if (r.statusCode !== kiccStatus.approved) throw bad(`window approval answered status ${r.statusCode ?? 'none'}`);
  const a = approved(r);
  const code = r.paymentInfo!.payMethodTypeCode;
  const bank = r.paymentInfo!.bankInfo;
  return { ...a, payMethod: code === '22' ? 'vbank' : methodNames[code], bank: bank ? { code: bank.bankCode, name: bank.bankName } : null, embPgProvider: null };
}

export function toCancelResult(r: ReviseResponse): CancelResult {
  if (r.resCd !== kiccCodes.success) return { kind: 'rejected', pgCode: r.resCd, pgMessage: r.resMsg };
  if (!r.reviseInfo) throw bad('cancel without reviseInfo');
  return { kind: 'cancelled', pgCancelTid: r.reviseInfo.cancelPgCno, receiptUrl: null };
}

export function toTransactionStatus(r: TradeResponse): TransactionStatus {
  if (r.resCd === kiccCodes.notFound) return { kind: 'not_found' };
  if (r.resCd !== kiccCodes.success) throw bad(`lookup answered ${r.resCd}`);
  if (r.statusCode === kiccStatus.waitingDeposit) return { kind: 'pending' };
  if (r.statusCode === kiccStatus.declined) {
    return { kind: 'declined', pgTid: r.pgCno ?? null, pgCode: r.declineCd ?? r.resCd, pgMessage: r.declineMsg ?? r.resMsg };
  }
  return { ...approved(r), refunds: refundsOf(r) };
}

/** KICC lists each revise with the shopTransactionId (our request id) it was sent with. */
function refundsOf(r: TradeResponse): PgRefunds {
  const cancels = (r.reviseInfoList ?? []).map((c) => ({ pgCancelTid: c.cancelPgCno, amount: c.cancelAmount, requestId: c.shopTransactionId || null }));
  const total = r.amount !== undefined && r.remainAmount !== undefined ? r.amount - r.remainAmount : cancels.reduce((s, c) => s + c.amount, 0);
  return { total, cancels };
}
