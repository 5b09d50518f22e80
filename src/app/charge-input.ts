/** The order fields shared by onetime, again and schedules, checked and turned into minor units. */
import type { Buyer } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { isCurrency, MIN_INSTALMENT_KRW, parseWireAmount, type Currency } from '../core/money.ts';

export type ChargeFields = {
  merchantUid: string;
  amount: unknown;
  currency: unknown;
  taxFree: unknown;
  name: string | null;
  buyer: Buyer;
  cardQuota: number | null;
  customData: string | null;
  noticeUrls: string[] | null;
  browserIp: string | null;
};

export type ChargeOrder = Omit<ChargeFields, 'amount' | 'currency' | 'taxFree' | 'cardQuota'> & {
  amount: number;
  currency: Currency;
  taxFree: number;
  cardQuota: number;
};

export function parseOrder(f: ChargeFields, allowed: readonly Currency[]): ChargeOrder {
  if (f.merchantUid.trim() === '') throw new GatewayError('PARAM_MISSING', undefined, { fields: 'merchant_uid' });
  const currency = f.currency === undefined || f.currency === null || f.currency === '' ? 'KRW' : f.currency;
  if (!isCurrency(currency) || !allowed.includes(currency)) throw new GatewayError('BAD_REQUEST', `지원하지 않는 currency 입니다: ${String(currency)}`);
  const amount = parseWireAmount(f.amount, currency);
  if (!amount.ok) throw new GatewayError('BAD_REQUEST', amount.reason);
  if (amount.minor === 0) throw new GatewayError('BAD_REQUEST', 'amount 는 0보다 커야 합니다.');
  let taxFree = 0;
  if (f.taxFree !== undefined && f.taxFree !== null && f.taxFree !== '') {
    const t = parseWireAmount(f.taxFree, currency);
    if (!t.ok) throw new GatewayError('BAD_REQUEST', `tax_free: ${t.reason}`);
    if (t.minor > amount.minor) throw new GatewayError('BAD_REQUEST', 'tax_free 는 amount 보다 클 수 없습니다.');
    taxFree = t.minor;
  }
  const cardQuota = f.cardQuota ?? 0;
  // Instalments only from 50,000 KRW (reference §3.4 card_quota, §8.3).
  if (cardQuota >= 2 && currency === 'KRW' && amount.minor < MIN_INSTALMENT_KRW) throw new GatewayError('BAD_REQUEST', '할부(card_quota)는 50,000원 이상 결제에서만 가능합니다.');
  return { ...f, amount: amount.minor, currency, taxFree, cardQuota };
}
