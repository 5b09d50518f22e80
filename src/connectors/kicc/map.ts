/**
 * Translation between the contract and KICC's answers: KRW amounts (JSON numbers), `paymentInfo` per
 * method onto V1's fields, and the checks every approval gets (resCd, msgAuthValue, amount).
 */
import type { ChannelMode } from '../../core/channel.ts';
import type { Currency } from '../../core/money.ts';
import {
  PgTransportError,
  type Approved, type CancelResult, type CardDetails, type Declined, type VbankDetails, type WindowOutcome,
} from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import { v1CardCode } from './card-codes.ts';
import { sameSignature } from '../signature.ts';
import { KICC_SUCCESS, kiccMac, kiccMethods, type ApprovalResponse, type ReviseResponse } from './wire.ts';

export const wireAmount = (minor: number, currency: Currency): number => krwWireAmount('KICC', minor, currency);

export const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `KICC ${what}`);

type Paid = ApprovalResponse & { pgCno: string; amount: number; paymentInfo: NonNullable<ApprovalResponse['paymentInfo']> };

/** `cardGubun` "Y" is a check card (V1 card_type 1), "N" a credit card [3P Hola summary; recorded "N"]. */
export function cardOf(c: NonNullable<NonNullable<ApprovalResponse['paymentInfo']>['cardInfo']>, number?: string): CardDetails {
  return {
    code: c.issuerCode ? v1CardCode(c.issuerCode) : null, name: c.issuerName || null,
    number: number ?? (c.cardMaskNo || c.cardNo || null),
    type: c.cardGubun === 'Y' ? 1 : c.cardGubun === 'N' ? 0 : null,
  };
}

export const declinedOf = (r: { resCd: string; resMsg: string; pgCno?: string }): Declined =>
  ({ kind: 'declined', pgTid: r.pgCno || null, pgCode: r.resCd, pgMessage: r.resMsg });

/**
 * A successful approval answer: the fields it must have, and (when `key` is given: approval calls, not
 * lookups) its msgAuthValue = HMAC(secret, pgCno|amount|transactionDate) [3P; recorded as 64 hex].
 */
export function paidOf(r: ApprovalResponse, key: string | null): Paid {
  if (!r.pgCno || r.amount === undefined || !r.paymentInfo) throw bad('approval without pgCno, amount or paymentInfo');
  if (key !== null) {
    const expected = kiccMac(key, [r.pgCno, r.amount, r.transactionDate ?? '']);
    if (!r.msgAuthValue || !sameSignature(r.msgAuthValue, expected)) throw bad('approval with a wrong msgAuthValue');
  }
  return r as Paid;
}

/** KICC's "user cancelled" window result [3P: KICC's legacy code, kept by its window]. */
export const KICC_USER_CANCELLED = 'W002';

/** KICC's card receipt page [3P Django client]; sandbox payments have none. */
export function receiptUrl(mode: ChannelMode, pgCno: string): string | null {
  if (mode === 'sandbox') return null;
  return `https://${mode === 'live' ? 'pgweb' : 'testpgweb'}.easypay.co.kr/receipt/card?pgTid=${encodeURIComponent(pgCno)}`;
}

export function approvedOf(r: Paid, mode: ChannelMode): Approved {
  const card = r.paymentInfo.cardInfo && r.paymentInfo.payMethodTypeCode === kiccMethods.card ? cardOf(r.paymentInfo.cardInfo) : null;
  return { kind: 'approved', pgTid: r.pgCno, applyNum: r.paymentInfo.approvalNo || null, card, receiptUrl: receiptUrl(mode, r.pgCno) };
}

/** yyyyMMdd[HHmmss] in Korean time to unix seconds; null for anything else. */
export function kstSeconds(s: string | undefined): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s ?? '');
  if (!m) return null;
  const [, y, mo, d, h = '23', mi = '59', se = '59'] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se) / 1000 - 9 * 3600;
}

function vbankOf(r: Paid): VbankDetails {
  const v = r.paymentInfo.virtualAccountInfo;
  const due = kstSeconds(v?.expiryDate);
  if (!v?.accountNo || !v.bankCode || due === null) throw bad('virtual account without account number, bank or expiry');
  return { code: v.bankCode, name: v.bankName ?? '', num: v.accountNo, holder: v.depositName || null, due };
}

const methodNames: Record<string, string> = { [kiccMethods.card]: 'card', [kiccMethods.trans]: 'trans', [kiccMethods.phone]: 'phone' };

/**
 * What a window approval ended in. `billing`: the window was a billing-key window (`81`), whose
 * approval answers the batch key in `paymentInfo.cardInfo.cardNo` and charges nothing [3P Hola summary].
 */
export function windowOutcomeOf(r: ApprovalResponse, opts: { key: string | null; mode: ChannelMode; billing: boolean }): WindowOutcome {
  if (r.resCd !== KICC_SUCCESS) return declinedOf(r);
  if (opts.billing) {
    const c = paidOf(r, opts.key).paymentInfo.cardInfo;
    if (!c?.cardNo) throw bad('billing-key approval without a batch key');
    return { kind: 'billing_key_issued', billingKey: c.cardNo, card: cardOf(c, c.cardMaskNo || undefined), buyerEmail: null, charge: null };
  }
  const paid = paidOf(r, opts.key);
  const method = paid.paymentInfo.payMethodTypeCode;
  if (method === kiccMethods.vbank) return { kind: 'vbank_issued', pgTid: paid.pgCno, vbank: vbankOf(paid), receiptUrl: null };
  const payMethod = methodNames[method];
  if (!payMethod) throw bad(`approval of an unknown payMethodTypeCode ${method}`);
  const b = paid.paymentInfo.bankInfo;
  const bank = method === kiccMethods.trans && b?.bankCode ? { code: b.bankCode, name: b.bankName ?? '' } : null;
  return { ...approvedOf(paid, opts.mode), payMethod, bank, embPgProvider: null };
}

/** A revise answer, checked against what was asked: the amount cancelled and the balance left. */
export function cancelResultOf(r: ReviseResponse, asked: { amount: number; remainAfter: number | null }): CancelResult {
  if (r.resCd !== KICC_SUCCESS) return { kind: 'rejected', pgCode: r.resCd, pgMessage: r.resMsg };
  if (!r.cancelPgCno) throw bad('revise without cancelPgCno');
  if (r.cancelAmount !== undefined && r.cancelAmount !== asked.amount) throw bad('cancelled another amount than asked');
  if (r.remainAmount !== undefined && r.remainAmount !== asked.remainAfter) throw bad('reports another balance than ours');
  return { kind: 'cancelled', pgCancelTid: r.cancelPgCno, receiptUrl: null };
}
