/**
 * The sandbox PAYCO's order sheet: the signed start fields to a window session, or the refusal the
 * window shows. The buyer picks card, transfer or vbank inside PAYCO (reference §6.1); a billing
 * window (`autoPaymentYn=Y`) registers a card only and shows its amount for display (SEED 000/001).
 */
import type { RandomBytes } from '../../core/ids.ts';
import { randomHex } from '../simulator.ts';
import type { SessionInit } from '../window-session.ts';
import { orderSheetSignature, paycoCodes as C } from './wire.ts';

const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

export function paycoOrderSheet(f: URLSearchParams, keyFor: (seller: string) => string, random: RandomBytes): SessionInit | { error: string } {
  const get = (k: string) => f.get(k) ?? '';
  const seller = get('sellerKey');
  const auto = get('autoPaymentYn') === 'Y';
  if (!/^[A-Za-z0-9_]{3,32}$/.test(seller)) return { error: `${C.badParam} sellerKey 오류` };
  if (get('sellerOrderReferenceKey') === '' || get('sellerOrderReferenceKey').length > 64) return { error: `${C.badParam} 주문번호 오류` };
  if (!(auto ? /^(0|[1-9][0-9]{0,11})$/ : /^[1-9][0-9]{0,11}$/).test(get('totalPaymentAmt'))) return { error: `${C.badParam} 결제 금액 오류` };
  if (get('buyerTel') === '') return { error: `${C.badParam} 구매자 연락처(buyerTel)가 필요합니다` };
  if (!isWebUrl(get('returnUrl')) || !isWebUrl(get('serviceUrl'))) return { error: `${C.badParam} returnUrl/serviceUrl 오류` };
  const signed = { sellerKey: seller, sellerOrderReferenceKey: get('sellerOrderReferenceKey'), totalPaymentAmt: get('totalPaymentAmt'), autoPaymentYn: get('autoPaymentYn') };
  if (get('signature') !== orderSheetSignature(signed, keyFor(seller))) return { error: `${C.badSignature} 위변조 검증 실패 (signature)` };
  return {
    provider: 'payco', mid: seller, orderId: get('sellerOrderReferenceKey'), amount: Number(get('totalPaymentAmt')), currency: 'KRW',
    taxFree: Number(get('totalTaxfreeAmt') || '0') || 0, name: get('orderTitle'),
    buyer: { name: get('buyerName'), email: get('buyerEmail'), tel: get('buyerTel') },
    methods: auto ? ['card'] : ['card', 'trans', 'vbank'], billing: auto,
    amountNote: auto ? '표시용 금액입니다. 자동결제 등록 시 결제되지 않습니다.' : null,
    cardCodes: null, directQuota: null, quotas: Number(get('totalPaymentAmt')) >= 50_000 ? [2, 3, 6, 12] : [],
    vbankDue: /^[0-9]{1,12}$/.test(get('vbankExpireYmdt')) ? Number(get('vbankExpireYmdt')) : null,
    returnUrl: get('returnUrl'), notifyUrl: get('serviceUrl'),
    // The token PAYCO hands the browser and checks again at approval.
    extra: { certifyToken: randomHex(random, 16) },
  };
}
