/**
 * Wire amounts of KRW-only PGs (PAYCO, KICC, JTNet). KRW has no minor unit, so minor units are the
 * wire amount. `app/` checks capabilities first, so another currency here is a programming error,
 * thrown before the PG is called.
 */
import type { Currency } from '../core/money.ts';

export function krwWireAmount(pg: string, minor: number, currency: Currency): number {
  if (currency !== 'KRW') throw new RangeError(`${pg} charges KRW only, got ${currency}`);
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`invalid minor amount: ${minor}`);
  return minor;
}
