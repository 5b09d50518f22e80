/**
 * The sandbox KICC's web-pay start: signed fields to a window session, or the refusal the window
 * shows. KICC enforces its own rules again here (reference §6.2): escrow only for trans/vbank with
 * buyer fields and products, billing (81) card only, card.direct fixes company and instalment.
 */
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { SessionInit, WindowMethod } from '../window-session.ts';
import { cardCompanies } from '../test-cards.ts';
import { kiccCodes as C, kiccMac, kiccMethods } from './wire.ts';

const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};
const methodOf: Record<string, WindowMethod> = { '11': 'card', '21': 'trans', '22': 'vbank', '31': 'phone', '81': 'card' };

export function kiccWebpay(f: URLSearchParams, keyFor: (mid: string) => string): SessionInit | { error: string } {
  const get = (k: string) => f.get(k) ?? '';
  const mid = get('mallId');
  const code = get('payMethodTypeCode');
  const billing = code === kiccMethods.billing;
  const method = methodOf[code];
  const escrow = get('escrowYn') === 'Y';
  if (!/^[A-Za-z0-9_]{4,20}$/.test(mid)) return { error: `${C.badParam} mallId 오류` };
  if (get('shopOrderNo') === '' || get('shopOrderNo').length > 64 || !method) return { error: `${C.badParam} 주문번호 또는 결제수단 오류` };
  if (!(billing ? /^(0|[1-9][0-9]{0,11})$/ : /^[1-9][0-9]{0,11}$/).test(get('amount'))) return { error: `${C.badParam} 결제 금액 오류` };
  if (get('customerContactNo') === '') return { error: `${C.badParam} 구매자 연락처가 필요합니다` };
  if (!isWebUrl(get('returnUrl')) || !isWebUrl(get('notiUrl'))) return { error: `${C.badParam} returnUrl/notiUrl 오류` };
  if (get('msgAuthValue') !== kiccMac(keyFor(mid), [mid, get('shopOrderNo'), get('amount'), code, get('escrowYn')])) return { error: `${C.badAuth} 위변조 검증 실패 (msgAuthValue)` };
  if (escrow) {
    if (method !== 'trans' && method !== 'vbank') return { error: `${C.badParam} 에스크로는 계좌이체/가상계좌만 가능합니다` };
    let products: unknown;
    try {
      products = JSON.parse(get('products'));
    } catch {
      products = null;
    }
    if (!Array.isArray(products) || products.length === 0) return { error: `${C.badParam} 에스크로 상품정보(kiccProducts)가 필요합니다` };
    if (!get('customerName') || !get('customerMail')) return { error: `${C.badParam} 에스크로 구매자 정보가 필요합니다` };
  }
  const amount = Number(get('amount'));
  const direct = get('cardCode') in cardCompanies ? get('cardCode') : null;
  const enabled = get('enabledCards').split(',').filter((c) => c in cardCompanies);
  const directQuota = direct ? Number(get('installmentMonth') || '0') : null;
  // Instalments only from 50,000 KRW (reference §8.3), also for card.direct.
  if (directQuota !== null && directQuota >= 2 && amount < MIN_INSTALMENT_KRW) return { error: `${C.badParam} 할부는 5만원 이상부터 가능합니다` };
  return {
    provider: 'kicc', mid, orderId: get('shopOrderNo'), amount, currency: 'KRW', taxFree: Number(get('taxFreeAmount') || '0') || 0, name: get('goodsName'),
    buyer: { name: get('customerName'), email: get('customerMail'), tel: get('customerContactNo') },
    methods: [method], billing,
    amountNote: billing ? '표시용 금액입니다. 빌링키 발급 시 결제되지 않습니다.' : null,
    cardCodes: direct ? [direct] : enabled.length > 0 ? enabled : null,
    directQuota: directQuota !== null && directQuota <= 1 ? 0 : directQuota,
    quotas: amount >= MIN_INSTALMENT_KRW ? [2, 3, 4, 5, 6, 10, 12] : [],
    vbankDue: /^[0-9]{1,12}$/.test(get('vbankExpiry')) ? Number(get('vbankExpiry')) : null,
    returnUrl: get('returnUrl'), notifyUrl: get('notiUrl'),
    extra: { escrow: escrow ? '1' : '0', shopName: get('shopName') },
  };
}
