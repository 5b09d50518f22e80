/**
 * Translation between the contract and JTNet's wire: our minor-unit amounts to KRW digit strings,
 * card and buyer fields to form fields, and JTNet result codes to Approved / Declined / InvalidCard.
 * Only an explicit '3001' is an approval; every other code is a decline or a refusal, never success.
 */
import type { CardInput } from '../../core/card.ts';
import type { Currency } from '../../core/money.ts';
import {
  PgTransportError,
  type Approved, type Buyer, type CancelResult, type CardDetails, type ChargeResult, type IssueBillingKeyResult, type PgRefunds, type TransactionStatus,
} from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import {
  invalidCardCodes, jtnetResults, jtnetStates,
  type BillingIssueResponse, type CancelResponse, type PayResponse, type TransactionResponse,
} from './wire.ts';

/** JTNet (KRW only) sends amounts as digit strings. */
export const wireAmount = (minor: number, currency: Currency): string => String(krwWireAmount('JTNet', minor, currency));

/** '00' is a lump-sum payment; V1 sends 0 or 1 for that. */
export const wireQuota = (quota: number): string => String(quota <= 1 ? 0 : quota).padStart(2, '0');

export function cardFields(card: CardInput) {
  return {
    cardNo: card.number,
    expYY: String(card.expiry.year % 100).padStart(2, '0'),
    expMM: String(card.expiry.month).padStart(2, '0'),
    idNo: card.birth ?? '',
    cardPw: card.pwd2 ?? '',
  };
}

export function buyerFields(buyer: Buyer) {
  return { buyerName: buyer.name ?? '', buyerEmail: buyer.email ?? '', buyerTel: buyer.tel ?? '' };
}

function cardDetails(r: { cardCd?: string; cardNm?: string; cardNo?: string; cardType?: '0' | '1' }): CardDetails {
  return { code: r.cardCd ?? null, name: r.cardNm ?? null, number: r.cardNo ?? null, type: r.cardType === undefined ? null : Number(r.cardType) };
}

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `JTNet ${what}`);

function approved(r: PayResponse | TransactionResponse): Approved {
  if (!r.tid) throw bad('approval without tid');
  // Window payments by transfer, vbank or phone have no card.
  const card = 'payMethod' in r && r.payMethod !== undefined && r.payMethod !== 'CARD' ? null : cardDetails(r);
  return { kind: 'approved', pgTid: r.tid, applyNum: r.authCd ?? null, card, receiptUrl: r.receiptUrl ?? null };
}

export function toChargeResult(r: PayResponse, requestedMinor: number): ChargeResult {
  if (r.resultCd === jtnetResults.approved.code) {
    // An approval of another amount is not an answer to our request; let the status check sort it out.
    if (r.amt !== undefined && Number(r.amt) !== requestedMinor) throw bad('approved a different amount');
    return approved(r);
  }
  if (invalidCardCodes.includes(r.resultCd)) return { kind: 'invalid_card', pgCode: r.resultCd, pgMessage: r.resultMsg };
  return { kind: 'declined', pgTid: r.tid ?? null, pgCode: r.resultCd, pgMessage: r.resultMsg };
}

export function toIssueResult(r: BillingIssueResponse): IssueBillingKeyResult {
  if (r.resultCd === jtnetResults.issued.code) {
    if (!r.billKey) throw bad('issued without billKey');
    return { kind: 'issued', billingKey: r.billKey, card: cardDetails(r) };
  }
  if (invalidCardCodes.includes(r.resultCd)) return { kind: 'invalid_card', pgCode: r.resultCd, pgMessage: r.resultMsg };
  return { kind: 'declined', pgTid: null, pgCode: r.resultCd, pgMessage: r.resultMsg };
}

export function toCancelResult(r: CancelResponse): CancelResult {
  if (r.resultCd === jtnetResults.cancelled.code) {
    if (!r.cancelTid) throw bad('cancelled without cancelTid');
    return { kind: 'cancelled', pgCancelTid: r.cancelTid, receiptUrl: r.receiptUrl ?? null };
  }
  return { kind: 'rejected', pgCode: r.resultCd, pgMessage: r.resultMsg };
}

/** A cancelled transaction was still approved once; our side tracks the cancels. */
export function toTransactionStatus(r: TransactionResponse): TransactionStatus {
  if (r.resultCd === jtnetResults.notFound.code) return { kind: 'not_found' };
  if (r.resultCd !== jtnetResults.found.code || r.stateCd === undefined) throw bad(`lookup answered ${r.resultCd}`);
  if (r.stateCd === jtnetStates.vbankWaiting) return { kind: 'pending' };
  if (r.stateCd === jtnetStates.declined) {
    return { kind: 'declined', pgTid: r.tid ?? null, pgCode: r.payResultCd ?? r.resultCd, pgMessage: r.payResultMsg ?? r.resultMsg };
  }
  return { ...approved(r), refunds: refundsOf(r) };
}

/** JTNet lists each cancel; its cancel form carries no id of ours. */
function refundsOf(r: TransactionResponse): PgRefunds {
  const cancels = (r.cancelList ?? []).map((c) => ({ pgCancelTid: c.cancelTid, amount: Number(c.cancelAmt), requestId: null }));
  // The balance is the PG's own sum; the list names the cancels in it.
  const total = r.amt !== undefined && r.remainAmt !== undefined ? Number(r.amt) - Number(r.remainAmt) : cancels.reduce((s, c) => s + c.amount, 0);
  return { total, cancels };
}

/** '0' only when this cancel takes the whole remaining balance; the PG checks it against its own. */
export const partialCancelCode = (amount: number, remaining: number): '0' | '1' => (amount === remaining ? '0' : '1');
