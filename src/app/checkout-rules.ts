/**
 * The request_pay rules every checkout is held to on the server (the SDK is never trusted): the
 * generic ones here, the PG's own ones from `connector.window.validate`. Pure: no I/O.
 * Sources: reference §5.2 (parameters), §6 (per PG), SEEDS 000–004 (amount is an integer, not a string;
 * billing windows are card only; what a billing window's amount does).
 */
import type { Buyer, Capabilities } from '../connectors/contract.ts';
import { isCurrency, parseWireAmount, type Currency } from '../core/money.ts';
import { checkoutErrors, CheckoutFailure } from './checkout-errors.ts';

export type CheckoutOrder = {
  merchantUid: string;
  /** What the window shows (minor units). */
  amount: number;
  /** What is charged: 0 for display-only billing windows and key-only JTNet windows. */
  chargedAmount: number;
  currency: Currency;
  taxFree: number;
  payMethod: string;
  name: string | null;
  buyer: Buyer;
  escrow: boolean;
  billing: { customerUid: string; charge: boolean } | null;
  customerId: string | null;
  customData: string | null;
  noticeUrls: string[] | null;
  confirmUrl: string | null;
  mRedirectUrl: string | null;
  language: string;
  vbankDue: number | null;
  /** PG options passed through to the window as the SDK sent them. */
  options: Record<string, unknown>;
};

const invalid = (message: string): CheckoutFailure => new CheckoutFailure(checkoutErrors.INVALID_PARAMS, message);
const unsupported = (message: string): CheckoutFailure => new CheckoutFailure(checkoutErrors.PG_UNSUPPORTED, message);

function optText(params: Record<string, unknown>, key: string, max = 200): string | null {
  const v = params[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(`${key} 파라미터는 문자열이어야 합니다.`);
  const s = String(v).trim();
  if (s.length > max) throw invalid(`${key} 파라미터가 너무 깁니다. (최대 ${max}자)`);
  return s === '' ? null : s;
}

function httpUrl(params: Record<string, unknown>, key: string): string | null {
  const s = optText(params, key, 2000);
  if (s === null) return null;
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return s;
  } catch { /* falls through */ }
  throw invalid(`${key} 파라미터는 http(s) URL 이어야 합니다.`);
}

/** The amount must be a JSON number (SEEDS: "Must be an integer (not string)"), with the currency's decimals. */
function amountOf(v: unknown, currency: Currency, key: string): number {
  if (v === undefined || v === null || v === '') throw invalid(`${key} 파라미터가 누락되었습니다.`);
  if (typeof v !== 'number') throw invalid(`${key} 파라미터는 문자열이 아닌 숫자여야 합니다.`);
  const r = parseWireAmount(v, currency);
  if (!r.ok) throw invalid(r.reason.replace(/^amount/, key));
  return r.minor;
}

/** KST wall-clock parts to UNIX seconds. */
const kst = (y: number, mo: number, d: number, h: number, mi: number, s: number): number => Date.UTC(y, mo - 1, d, h - 9, mi, s) / 1000;

/** vbank_due in the five formats of reference §5.2; a bare date means the end of that day (KST). */
export function parseVbankDue(text: string): number | null {
  const digits = text.replace(/[-: ]/g, '');
  if (!/^\d{8}(\d{4}(\d{2})?)?$/.test(digits)) return null;
  const n = (a: number, b: number) => Number(digits.slice(a, b));
  if (digits.length === 8) return kst(n(0, 4), n(4, 6), n(6, 8), 23, 59, 59);
  return kst(n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), digits.length === 14 ? n(12, 14) : 0);
}

function noticeUrlsOf(v: unknown): string[] | null {
  if (v === undefined || v === null || v === '') return null;
  const list = Array.isArray(v) ? v : [v];
  return list.map((u, i) => httpUrl({ [`notice_url[${i}]`]: u }, `notice_url[${i}]`)!).filter(Boolean);
}

/** Options a PG window may use, passed through untouched (reference §5.2, §6). */
const passThrough = ['card', 'display', 'bypass', 'kiccProducts', 'company', 'auth_mode', 'digital', 'use_test_method', 'popup', 'app_scheme', 'currency'] as const;

/**
 * Reads and checks request_pay parameters for a channel with these capabilities.
 * Throws CheckoutFailure (F1001 bad parameter, F1004 not supported by the PG).
 */
export function parseCheckoutParams(params: Record<string, unknown>, caps: Capabilities): CheckoutOrder {
  const merchantUid = optText(params, 'merchant_uid', 40);
  if (merchantUid === null) throw invalid('merchant_uid 파라미터가 누락되었습니다.');

  const currencyRaw = params.currency === undefined || params.currency === null || params.currency === '' ? 'KRW' : params.currency;
  if (!isCurrency(currencyRaw)) throw invalid(`지원하지 않는 currency 입니다: ${String(currencyRaw)}`);
  if (!caps.currencies.includes(currencyRaw)) throw unsupported(`${caps.provider} 는 ${currencyRaw} 결제를 지원하지 않습니다.`);
  const currency = currencyRaw;

  const amount = amountOf(params.amount, currency, 'amount');
  const taxFree = params.tax_free === undefined || params.tax_free === null ? 0 : amountOf(params.tax_free, currency, 'tax_free');
  if (taxFree > amount) throw invalid('tax_free 는 amount 보다 클 수 없습니다.');

  const payMethod = optText(params, 'pay_method', 40) ?? 'card';
  const customerUid = optText(params, 'customer_uid', 80);
  let billing: CheckoutOrder['billing'] = null;
  let chargedAmount = amount;
  if (customerUid !== null) {
    if (!caps.windowBilling) throw unsupported(`${caps.provider} 는 결제창 빌링키 발급을 지원하지 않습니다.`);
    // Billing windows are card only (SEEDS 002, 003, 004).
    if (payMethod !== 'card') throw unsupported(`빌링키 발급은 pay_method 'card' 만 가능합니다. (요청: ${payMethod})`);
    // What the amount does at issuance (reference §6.5): PAYCO/KICC show it only, JTNet charges it when > 0,
    // Paymentwall always charges it (so it must be > 0: a key-only issuance does not exist there).
    const charge = caps.windowBillingCharge === 'always' || (caps.windowBillingCharge === 'charge_when_positive' && amount > 0);
    if (caps.windowBillingCharge === 'always' && amount === 0) throw invalid(`${caps.provider} 빌링키 발급은 amount 가 결제되므로 0보다 커야 합니다.`);
    billing = { customerUid, charge };
    chargedAmount = charge ? amount : 0;
  } else {
    if (!caps.windowPayMethods.includes(payMethod)) throw unsupported(`${caps.provider} 는 pay_method '${payMethod}' 를 지원하지 않습니다. (가능: ${caps.windowPayMethods.join(', ')})`);
    if (amount === 0) throw invalid('amount 는 0보다 커야 합니다.');
  }

  const escrow = params.escrow === true;
  if (escrow && !caps.escrowPayMethods.includes(payMethod)) {
    throw unsupported(caps.escrowPayMethods.length === 0 ? `${caps.provider} 는 에스크로 결제를 지원하지 않습니다.` : `에스크로는 ${caps.escrowPayMethods.join(', ')} 결제에만 가능합니다.`);
  }

  const vbankDueText = optText(params, 'vbank_due', 20);
  const vbankDue = vbankDueText === null ? null : parseVbankDue(vbankDueText);
  if (vbankDueText !== null && vbankDue === null) throw invalid('vbank_due 형식이 올바르지 않습니다. (YYYYMMDD, YYYY-MM-DD, YYYYMMDDhhmm, YYYY-MM-DD HH:mm:ss)');

  const custom = params.custom_data;
  // The SDK sends objects; V1 stores and echoes them as a JSON string (reference §2 custom_data).
  const customData = custom === undefined || custom === null ? null : typeof custom === 'string' ? custom : JSON.stringify(custom);
  if (customData !== null && customData.length > 10_000) throw invalid('custom_data 가 너무 큽니다.');

  const options: Record<string, unknown> = {};
  for (const k of passThrough) if (params[k] !== undefined) options[k] = params[k];

  return {
    merchantUid, amount, chargedAmount, currency, taxFree, payMethod, escrow, billing, customData, vbankDue, options,
    name: optText(params, 'name', 200),
    buyer: {
      name: optText(params, 'buyer_name'), email: optText(params, 'buyer_email'), tel: optText(params, 'buyer_tel', 40),
      addr: optText(params, 'buyer_addr', 400), postcode: optText(params, 'buyer_postcode', 20),
    },
    customerId: optText(params, 'customer_id'),
    noticeUrls: noticeUrlsOf(params.notice_url),
    confirmUrl: httpUrl(params, 'confirm_url'),
    mRedirectUrl: httpUrl(params, 'm_redirect_url'),
    language: optText(params, 'language', 10) ?? 'ko',
  };
}
