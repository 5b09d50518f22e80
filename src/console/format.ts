/** Display formats: money from minor units, dates in KST, masked values. */
import { currencyExponent, type Currency } from '../core/money.ts';
import type { Lang } from './i18n.ts';

const KST = 9 * 3600;

/** Minor units to a grouped display string, e.g. KRW 12000 -> "12,000원" / "₩12,000", USD 2050 -> "$20.50". */
export function money(minor: number, currency: Currency, lang: Lang): string {
  const exp = currencyExponent[currency] ?? 0;
  const major = minor / 10 ** exp;
  const n = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { minimumFractionDigits: exp, maximumFractionDigits: exp }).format(major);
  if (currency === 'KRW') return lang === 'ko' ? `${n}원` : `₩${n}`;
  return `${n} ${currency}`;
}

export const count = (n: number, lang: Lang): string => new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US').format(n);

/** UNIX seconds to "2026-01-01 09:00" in KST; 0 means never. */
export function datetime(sec: number): string {
  if (!sec) return '-';
  return new Date((sec + KST) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A KST day number (days since the epoch) to "01-15". */
export const dayLabel = (day: number): string => new Date(day * 86400 * 1000).toISOString().slice(5, 10);

/** A "YYYY-MM-DD" input (KST) to UNIX seconds at that day's start; null if blank or invalid. */
export function parseDay(text: string | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms / 1000 - KST;
}
