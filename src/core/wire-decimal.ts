/**
 * Decimal strings in major units ("20.50" USD, "1004" KRW), as Paymentwall and other PGs carry
 * amounts, to and from our integer minor units: by string, so no float rounding.
 */
import { currencyExponent, type Currency } from './money.ts';

/** Minor units to a wire decimal: 2050 USD -> "20.50", 1004 KRW -> "1004". */
export function toWireDecimal(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`invalid minor amount: ${minor}`);
  const exp = currencyExponent[currency];
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** A wire decimal back to minor units; null when it has too many decimals. */
export function fromWireDecimal(text: string, currency: Currency): number | null {
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (!m) return null;
  const exp = currencyExponent[currency];
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) return null;
  const minor = Number(m[1]! + frac.padEnd(exp, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
