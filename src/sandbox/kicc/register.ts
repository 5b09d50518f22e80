/**
 * KICC's transaction registration (`POST /api/ep9/trades/webpay`, register-tx and the billing
 * register-window page): the JSON order to a window session, or KICC's refusal. Fields the pages
 * document are checked as documented; the sub-fields the retrieved pages did not show
 * (`cardMethodInfo`, `escrowInfo`, `basketInfoList` items, `taxInfo`) follow openimp's guesses
 * listed in docs/pgs/kicc-fake.md.
 */
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { Json } from '../json-api.ts';
import type { SessionInit, WindowMethod } from '../window-session.ts';
import { kiccCardCodes, kiccCodes as C, kiccMethods as M, sandboxCardCode } from './wire.ts';
import { obj, str } from './fields.ts';

export type Refusal = { resCd: string; resMsg: string };
const refuse = (resMsg: string, resCd: string = C.badParam): Refusal => ({ resCd, resMsg });

const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

export const MALL_ID = /^[A-Za-z0-9]{1,8}$/;
export const ORDER_NO = /^[A-Za-z0-9_-]{1,40}$/;

const methodsOf: Record<string, WindowMethod[]> = {
  [M.any]: ['card', 'trans', 'vbank', 'phone'], [M.card]: ['card'], [M.trans]: ['trans'], [M.vbank]: ['vbank'], [M.phone]: ['phone'], [M.billing]: ['card'],
};

/** The card companies a window offers, in KICC codes: `cardCode` (direct call) or `cardCodeList` (guessed names). */
function cardChoice(card: Json | null, amount: number): { codes: string[]; directQuota: number | null } | Refusal {
  const all = Object.keys(kiccCardCodes);
  const direct = str(card?.cardCode);
  if (direct !== '') {
    const code = sandboxCardCode(direct);
    if (!code) return refuse('카드사 코드 오류 (cardCode)');
    const q = card?.installmentMonth ?? 0;
    if (!Number.isSafeInteger(q) || (q as number) < 0 || (q as number) > 12) return refuse('할부개월 오류 (installmentMonth)');
    const quota = (q as number) <= 1 ? 0 : (q as number);
    if (quota >= 2 && amount < MIN_INSTALMENT_KRW) return refuse('할부는 5만원 이상부터 가능합니다');
    return { codes: [code], directQuota: quota };
  }
  const list = str(card?.cardCodeList);
  if (list === '') return { codes: all, directQuota: null };
  const codes = list.split(',').map((c) => sandboxCardCode(c.trim()));
  if (codes.some((c) => c === null)) return refuse('카드사 코드 오류 (cardCodeList)');
  return { codes: all.filter((c) => codes.includes(c)), directQuota: null };
}

/** The basket KICC's escrow needs (register-tx `basketInfoList`; item fields guessed). */
function basketOf(v: unknown): Json[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const ok = v.every((i) => {
    const o = obj(i);
    return o !== null && str(o.productName) !== '' && Number.isSafeInteger(o.productAmount) && Number.isSafeInteger(o.productQuantity) && (o.productQuantity as number) > 0;
  });
  return ok ? (v as Json[]) : null;
}

/** Due date of a window's virtual account: `virtualAccountMethodInfo.expiryDate` yyyyMMdd or yyyyMMddHHmmss (KST; guessed name). */
function vbankDue(v: unknown): number | null | Refusal {
  const s = str(v);
  if (s === '') return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/.exec(s);
  if (!m || (m[4] !== undefined && m[6] === undefined)) return refuse('입금기한 오류 (expiryDate)');
  const [h, mi, se] = m[4] === undefined ? [23, 59, 59] : [Number(m[4]), Number(m[5]), Number(m[6])];
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, mi, se) / 1000 - 9 * 3600;
}

/** What the window session keeps besides the shared fields (strings, SessionInit.extra). */
export type KiccExtra = { escrow: '1' | '0'; device: string; shopValues: string; basket: string; notiUrl: string };

/** `registeredNotifyUrl`: the mall's notification URL as registered (KICC's admin console setting). */
export function readRegistration(b: Json, now: number, registeredNotifyUrl: (mid: string) => string | null): SessionInit | Refusal {
  const mid = str(b.mallId);
  if (!MALL_ID.test(mid)) return refuse('상점ID 오류 (mallId)', C.badMall);
  const orderNo = str(b.shopOrderNo);
  if (!ORDER_NO.test(orderNo)) return refuse('주문번호 오류 (shopOrderNo: 영문, 숫자, -, _ 40자 이내)');
  const code = str(b.payMethodTypeCode);
  const methods = methodsOf[code];
  if (!methods) return refuse('결제수단 코드 오류 (payMethodTypeCode)');
  const billing = code === M.billing;
  const amount = b.amount;
  if (!Number.isSafeInteger(amount) || (billing ? amount !== 0 : (amount as number) <= 0)) {
    return refuse(billing ? '정기결제 등록은 amount 0 고정입니다' : '결제금액 오류 (amount)');
  }
  if (b.currency !== '00') return refuse('통화코드 오류 (currency: 원화 "00")');
  const returnUrl = str(b.returnUrl);
  if (!isWebUrl(returnUrl) || returnUrl.length > 256) return refuse('returnUrl 오류');
  if (b.deviceTypeCode !== 'pc' && b.deviceTypeCode !== 'mobile') return refuse('단말구분 오류 (deviceTypeCode: pc, mobile)');
  if (b.clientTypeCode !== '00') return refuse('결제창 구분코드 오류 (clientTypeCode: 통합창 "00")');
  const order = obj(b.orderInfo);
  const goodsName = str(order?.goodsName);
  // KICC's tables give lengths in bytes (docs.kicc.co.kr register-tx: goodsName 50Byte).
  if (goodsName === '' || Buffer.byteLength(goodsName, 'utf8') > 50) return refuse('상품명 오류 (orderInfo.goodsName)');
  const customer = obj(order?.customerInfo) ?? {};
  const tel = str(customer.customerContactNo);
  if (tel !== '' && !/^[0-9]{1,11}$/.test(tel)) return refuse('고객 연락처는 숫자만 11자리 이내 (customerContactNo)');
  const payInfo = obj(b.payMethodInfo);
  const cards = cardChoice(obj(payInfo?.cardMethodInfo), amount as number);
  if ('resCd' in cards) return cards;
  const due = vbankDue(obj(payInfo?.virtualAccountMethodInfo)?.expiryDate);
  if (due !== null && typeof due === 'object') return due;
  if (due !== null && due <= now) return refuse('입금기한이 지났습니다 (expiryDate)');
  // certType of the billing window: "0" number+expiry+birth+password, "1" number+expiry, "2" number+expiry+birth ([3P]); default "0".
  const certType = str(obj(payInfo?.billKeyMethodInfo)?.certType) || '0';
  if (billing && !['0', '1', '2'].includes(certType)) return refuse('인증타입 오류 (billKeyMethodInfo.certType)');
  const cardChecks: ('birth' | 'password')[] = !billing || certType === '1' ? [] : certType === '2' ? ['birth'] : ['birth', 'password'];
  const tax = obj(b.taxInfo);
  const taxFree = tax?.freeAmount ?? 0;
  if (!Number.isSafeInteger(taxFree) || (taxFree as number) < 0 || (taxFree as number) > (amount as number)) return refuse('면세금액 오류 (taxInfo.freeAmount)');

  const escrow = obj(b.escrowInfo) !== null;
  const basket = basketOf(b.basketInfoList);
  if (escrow) {
    if (!methods.every((m) => m === 'trans' || m === 'vbank') && code !== M.any) return refuse('에스크로는 계좌이체, 가상계좌만 가능합니다');
    if (!basket) return refuse('에스크로 상품정보 오류 (basketInfoList)');
    if (!str(customer.customerName) || !str(customer.customerMail) || !tel) return refuse('에스크로는 구매자 이름, 이메일, 연락처가 필요합니다');
  }
  const shopValues = obj(b.shopValueInfo) ?? {};
  const extra: KiccExtra = {
    escrow: escrow ? '1' : '0', device: str(b.deviceTypeCode), basket: JSON.stringify(basket ?? []),
    shopValues: JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`shopValue${i}`, str(shopValues[`value${i}`])]))),
    // KICC sends notifications to the URL the mall registered in its admin console; without one the
    // fake takes openimp's path on the merchant's own host (docs/pgs/kicc-fake.md).
    notiUrl: registeredNotifyUrl(mid) ?? `${new URL(returnUrl).origin}/pg/kicc/notify`,
  };
  return {
    provider: 'kicc', mid, orderId: orderNo, amount: amount as number, currency: 'KRW', taxFree: taxFree as number, name: goodsName,
    buyer: { name: str(customer.customerName), email: str(customer.customerMail), tel },
    methods: escrow ? methods.filter((m) => m === 'trans' || m === 'vbank') : methods, billing,
    amountNote: billing ? '빌키 등록 시 결제되지 않습니다.' : null,
    cardCodes: cards.codes, directQuota: cards.directQuota, cardChecks,
    quotas: (amount as number) >= MIN_INSTALMENT_KRW ? [2, 3, 4, 5, 6, 10, 12] : [],
    vbankDue: due, returnUrl, notifyUrl: extra.notiUrl, extra,
  };
}
