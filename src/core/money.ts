/**
 * Money is an integer count of minor units paired with a currency (ARCHITECTURE rule 3).
 * The V1 wire carries `amount` in major units (KRW 1000, USD 20.5); conversion happens only here.
 */
export type Currency = 'KRW' | 'USD' | 'EUR' | 'JPY' | 'CNY' | 'GBP' | 'AUD' | 'CAD' | 'SGD' | 'HKD' | 'TWD' | 'THB' | 'VND';

/** Decimal places of each currency's minor unit (ISO 4217). */
export const currencyExponent: Record<Currency, number> = {
  KRW: 0, JPY: 0, VND: 0, TWD: 0,
  USD: 2, EUR: 2, CNY: 2, GBP: 2, AUD: 2, CAD: 2, SGD: 2, HKD: 2, THB: 2,
};

export const isCurrency = (v: unknown): v is Currency => typeof v === 'string' && Object.hasOwn(currencyExponent, v);

export type Money = { readonly minor: number; readonly currency: Currency };

export type AmountParse = { ok: true; minor: number } | { ok: false; reason: string };

const DIGITS = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * Parse a V1 wire amount (a JSON number, or a digit string as form bodies send it) into minor units.
 * Rejects negatives, NaN, exponents, more decimals than the currency has, and unsafe integers.
 */
export function parseWireAmount(value: unknown, currency: Currency): AmountParse {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'amount 는 유한한 숫자여야 합니다.' };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return { ok: false, reason: 'amount 는 숫자여야 합니다.' };
  }
  if (!DIGITS.test(text)) return { ok: false, reason: 'amount 는 0 이상의 숫자여야 합니다.' };
  const [whole, frac = ''] = text.split('.') as [string, string?];
  const exp = currencyExponent[currency];
  const fraction = (frac ?? '').replace(/^\./, '').replace(/0+$/, '');
  if (fraction.length > exp) {
    return { ok: false, reason: exp === 0 ? `${currency} 금액(amount)은 정수여야 합니다.` : `${currency} 금액(amount)은 소수점 ${exp}자리까지 가능합니다.` };
  }
  const minorText = whole + fraction.padEnd(exp, '0');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'amount 가 너무 큽니다.' };
  return { ok: true, minor };
}

/** Minor units back to the V1 wire number (KRW 1000 -> 1000, USD 2050 -> 20.5). */
export function toWireAmount(minor: number, currency: Currency): number {
  const exp = currencyExponent[currency];
  if (exp === 0) return minor;
  return Number((minor / 10 ** exp).toFixed(exp));
}

export function assertMinor(minor: number): number {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`invalid minor amount: ${minor}`);
  return minor;
}

/** VAT included in a KRW amount under Korean rules: (amount - tax_free) / 11, rounded. */
export function vatOf(amountMinor: number, taxFreeMinor: number): number {
  return Math.round((amountMinor - taxFreeMinor) / 11);
}

/** Instalments (card_quota >= 2) are only allowed from 50,000 KRW (reference §8.3). */
export const MIN_INSTALMENT_KRW = 50_000;
