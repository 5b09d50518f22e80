/**
 * Translation between the contract and tPay's server API: minor-unit amounts to KRW digit strings,
 * card input to `card_num` / `card_exp` (YYMM) / `card_pwd` / `buyer_auth_num`, and `result_cd` to
 * Approved / Declined / InvalidCard. Only an explicit success code is a success.
 */
import type { CardInput } from '../../core/card.ts';
import { cardCodes } from '../../core/card-codes.ts';
import type { Currency } from '../../core/money.ts';
import {
  PgTransportError,
  type Approved, type Buyer, type CancelResult, type CardDetails, type ChargeResult, type ConnectorContext, type IssueBillingKeyResult,
  type IssueVbankResult,
} from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import {
  jtnetCodes, jtnetInvalidCardCodes, testCredentialsOf, type TestCredentials,
  type ChargeAnswer, type GenBillkeyAnswer, type RefundsAnswer, type VbankIssueAnswer,
} from './wire.ts';

/** JTNet (KRW only) sends amounts as digit strings. */
export const wireAmount = (minor: number, currency: Currency): string => String(krwWireAmount('JTNet', minor, currency));

/** A sandbox channel without its own credential uses the published test one (pg-protocols.md §3.5). */
const orTest = (ctx: ConnectorContext, value: string | null, field: keyof TestCredentials): string =>
  value ?? (ctx.channel.mode === 'sandbox' ? testCredentialsOf(ctx.channel.pgId)[field] : '');

/** The merchantKey that encrypts the window's fields. */
export const merchantKey = (ctx: ConnectorContext): string => orTest(ctx, ctx.channel.secret, 'merchantKey');

/** Every server API call: the MID and its api_key (pg-protocols.md §3.3). */
export const caller = (ctx: ConnectorContext) => ({ mid: ctx.channel.pgId, api_key: orTest(ctx, ctx.channel.apiKey, 'apiKey') });

export const cancelPassword = (ctx: ConnectorContext): string => orTest(ctx, ctx.channel.cancelPassword, 'cancelPassword');

/** `card_exp` is YYMM (TypeScript integration: `dayjs(expiry).format('YYMM')`). */
export function cardFields(card: CardInput) {
  return {
    card_num: card.number,
    card_exp: `${String(card.expiry.year % 100).padStart(2, '0')}${String(card.expiry.month).padStart(2, '0')}`,
    card_pwd: card.pwd2 ?? '',
    buyer_auth_num: card.birth ?? '',
  };
}

export const buyerFields = (b: Buyer) => ({ buyer_name: b.name ?? '', buyer_tel: b.tel ?? '', buyer_email: b.email ?? '' });

/** Key-in `payments` names the buyer `buyer_nm` and takes the address too (the Node integration's form), unlike `payments_token`. */
export const keyInBuyerFields = (b: Buyer) => ({
  buyer_nm: b.name ?? '', buyer_tel: b.tel ?? '', buyer_email: b.email ?? '', buyer_addr: b.addr ?? '', buyer_post_no: b.postcode ?? '',
});

/** `00` is a lump sum; V1 sends 0 or 1 for that. */
export const wireQuota = (quota: number): string => String(quota <= 1 ? 0 : quota).padStart(2, '0');

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `JTNet ${what}`);

/** Masks a card number the PG sent in full or half-masked: first 6 and last 4 digits kept (rule 12). */
export function maskCardNumber(n: string | undefined): string | null {
  if (!n) return null;
  const digits = n.replace(/[^0-9*]/g, '');
  if (digits.length < 10) return digits || null;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

const knownCard = new Map(cardCodes.map((c) => [c.code, c.name]));

/** The card company as tPay names it; its code is taken as the KFTC code V1 shows (docs/pgs/jtnet.md). */
export function cardOf(code: string | undefined, name: string | undefined, number: string | undefined): CardDetails {
  const c = code || null;
  return { code: c, name: name || (c && knownCard.get(c)) || null, number: maskCardNumber(number), type: null };
}

const isInvalidCard = (code: string): boolean => (jtnetInvalidCardCodes as readonly string[]).includes(code);

function refusal(code: string, msg: string | undefined, tid: string | undefined): Exclude<ChargeResult, Approved> {
  if (isInvalidCard(code)) return { kind: 'invalid_card', pgCode: code, pgMessage: msg ?? '' };
  return { kind: 'declined', pgTid: tid ?? null, pgCode: code, pgMessage: msg ?? '' };
}

const isApproval = (code: string): boolean => code === jtnetCodes.ok || code === jtnetCodes.cardApproved;

/**
 * payments / payments_token. An approval of another amount or order is not an answer to this request.
 * Their answers carry no card number: a key-in charge shows the one it sent, masked here (`card`).
 */
export function toChargeResult(r: ChargeAnswer, req: { orderId: string; amount: number; card?: CardInput }): ChargeResult {
  if (!isApproval(r.result_cd)) return refusal(r.result_cd, r.result_msg, r.tid);
  if (!r.tid) throw bad('approval without tid');
  const paid = r.paid_amt ?? r.amt;
  if (paid !== undefined && Number(paid) !== req.amount) throw bad('approved a different amount');
  if (r.moid !== undefined && r.moid !== req.orderId) throw bad('approved another order');
  return { kind: 'approved', pgTid: r.tid, applyNum: r.app_no ?? null, card: cardOf(r.app_co, r.app_co_name, r.card_num ?? req.card?.number), receiptUrl: null };
}

export function toIssueResult(r: GenBillkeyAnswer): IssueBillingKeyResult {
  if (r.result_cd !== jtnetCodes.ok) return refusal(r.result_cd, r.result_msg, undefined) as IssueBillingKeyResult;
  if (!r.card_token) throw bad('issued without card_token');
  return { kind: 'issued', billingKey: r.card_token, card: cardOf(r.card_code, r.card_name, r.card_num) };
}

export function toCancelResult(r: RefundsAnswer): CancelResult {
  if (!(jtnetCodes.cancelled as readonly string[]).includes(r.result_cd)) return { kind: 'rejected', pgCode: r.result_cd, pgMessage: r.result_msg ?? '' };
  if (!r.tid) throw bad('cancelled without tid');
  return { kind: 'cancelled', pgCancelTid: r.tid, receiptUrl: null };
}

/**
 * The answer to a full refund asked again: `2013` (already cancelled, with the transaction's `tid`)
 * means the whole payment is refunded at tPay, which for a full refund is what the lost call did.
 */
export function toRepeatedCancelResult(r: RefundsAnswer, pgTid: string): CancelResult {
  if (r.result_cd !== jtnetCodes.alreadyCancelled) return toCancelResult(r);
  if (r.tid !== undefined && r.tid !== pgTid) throw bad('already cancelled: another transaction');
  return { kind: 'cancelled', pgCancelTid: r.tid ?? pgTid, receiptUrl: null };
}

/** Unix seconds of a Korean `Ymd` (end of that day) or `YmdHis`; null when it is neither. */
export function koreanTime(t: string): number | null {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2}))?$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h = '23', mi = '59', s = '59'] = m.slice(1);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000 - 9 * 3600;
}

/** vbank_issue (`4100` = issued, the window's vbank code); an account for another order or amount is not an answer. */
export function toVbankResult(r: VbankIssueAnswer, req: { orderId: string; amount: number }): IssueVbankResult {
  if (r.result_cd !== '4100') return { kind: 'declined', pgTid: r.tid ?? null, pgCode: r.result_cd, pgMessage: r.result_msg ?? '' };
  const due = r.vbank_exp_date === undefined ? null : koreanTime(r.vbank_exp_date);
  if (!r.tid || !r.vbank_num || !r.bank_code || due === null) throw bad('vbank issued without its account');
  if ((r.moid !== undefined && r.moid !== req.orderId) || (r.amt !== undefined && Number(r.amt) !== req.amount)) throw bad('issued an account for another order');
  return { kind: 'vbank_issued', pgTid: r.tid, vbank: { code: r.bank_code, name: r.bank_name ?? '', num: r.vbank_num, holder: r.vbank_holder || null, due } };
}

/**
 * `partial_cancel`: 0 only when this cancel takes the whole payment; once anything was refunded, or
 * for a part, 1 (the TypeScript integration's rule: partial when the amount differs from the original
 * or a refund happened before).
 */
export const partialCancel = (amount: number, remaining: number, paid: number | undefined): '0' | '1' => (amount === remaining && remaining === (paid ?? remaining) ? '0' : '1');
