/** Amount pre-registration (reference §3.3, §8.1): the checkout refuses a different amount or currency. */
import { GatewayError } from '../core/errors.ts';
import { currencyExponent, isCurrency, parseWireAmount, toWireAmount, type Currency } from '../core/money.ts';
import * as repo from '../storage/prepares.ts';
import type { AppContext } from './context.ts';

export type PrepareView = { merchant_uid: string; amount: number; currency: string | null };

/** Parses the wire amount; with no currency the amount keeps up to 2 decimals and is compared as written. */
function parsePrepared(amount: unknown, currency: string | null): { minor: number; scale: number } {
  const scaleCurrency: Currency = currency && isCurrency(currency) ? currency : 'USD';
  const r = parseWireAmount(amount, scaleCurrency);
  if (!r.ok) throw new GatewayError('BAD_REQUEST', r.reason);
  if (currency === null) {
    // Store the smallest scale that holds the value exactly.
    return r.minor % 100 === 0 ? { minor: r.minor / 100, scale: 0 } : r.minor % 10 === 0 ? { minor: r.minor / 10, scale: 1 } : { minor: r.minor, scale: 2 };
  }
  return { minor: r.minor, scale: currencyExponent[scaleCurrency] };
}

function checkCurrency(currency: unknown): string | null {
  if (currency === undefined || currency === null || currency === '') return null;
  if (!isCurrency(currency)) throw new GatewayError('BAD_REQUEST', `지원하지 않는 currency 입니다: ${String(currency)}`);
  return currency;
}

const view = (p: repo.Prepare): PrepareView => ({ merchant_uid: p.merchantUid, amount: p.amount / 10 ** p.scale, currency: p.currency });

export async function createPrepare(ctx: AppContext, merchantId: number, merchantUid: string, amount: unknown, currencyRaw: unknown): Promise<PrepareView> {
  if (merchantUid.trim() === '') throw new GatewayError('PARAM_MISSING', undefined, { fields: 'merchant_uid' });
  const currency = checkCurrency(currencyRaw);
  const { minor, scale } = parsePrepared(amount, currency);
  const now = ctx.now();
  const row = await repo.insertPrepare(ctx.db, { merchantId, merchantUid, amount: minor, currency, scale, createdAt: now, updatedAt: now });
  if (!row) throw new GatewayError('PREPARE_EXISTS');
  return view(row);
}

export async function updatePrepare(ctx: AppContext, merchantId: number, merchantUid: string, amount: unknown, currencyRaw: unknown): Promise<PrepareView> {
  const currency = checkCurrency(currencyRaw);
  const { minor, scale } = parsePrepared(amount, currency);
  const row = await repo.updatePrepare(ctx.db, { merchantId, merchantUid, amount: minor, currency, scale, updatedAt: ctx.now() });
  if (!row) throw new GatewayError('PREPARE_NOT_FOUND');
  return view(row);
}

export async function getPrepare(ctx: AppContext, merchantId: number, merchantUid: string): Promise<PrepareView> {
  const row = await repo.getPrepare(ctx.db, merchantId, merchantUid);
  if (!row) throw new GatewayError('PREPARE_NOT_FOUND');
  return view(row);
}

/**
 * The checkout's check: null when the request matches (or nothing is registered), else why not.
 * Compares exactly in integers: both sides are brought to the larger scale.
 */
export async function checkPrepared(ctx: AppContext, merchantId: number, merchantUid: string, amountMinor: number, currency: Currency): Promise<string | null> {
  const row = await repo.getPrepare(ctx.db, merchantId, merchantUid);
  if (!row) return null;
  if (row.currency !== null && row.currency !== currency) return `사전등록된 통화(${row.currency})와 요청 통화(${currency})가 다릅니다.`;
  const exp = currencyExponent[currency];
  const scale = Math.max(exp, row.scale);
  const requested = amountMinor * 10 ** (scale - exp);
  const registered = row.amount * 10 ** (scale - row.scale);
  if (requested !== registered) return `사전등록된 금액(${view(row).amount})과 결제요청 금액(${toWireAmount(amountMinor, currency)})이 다릅니다.`;
  return null;
}
