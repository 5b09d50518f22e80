/**
 * PAYCO's reservations (pg-protocols.md §2.4): `/outseller/order/reserve` (an order sheet for one
 * order, PAY2) and `/outseller/autoPayment/reserve` (a recurring-payment registration sheet). Each is
 * read here into what the fake PAYCO keeps until the buyer has been through the sheet: the amounts
 * with their tax split, the products (cpId/productId, the caller's credentials), the return URL and
 * the deposit notice URL. Refusals carry PAYCO's envelope fields.
 */
import type { Json } from '../json-api.ts';
import { amountOf, isWebUrl, parseYmdt, paycoCodes as C } from './wire.ts';

export type PaycoProduct = {
  cpId: string; productId: string; productAmt: number; productPaymentAmt: number; orderQuantity: number; productName: string;
  sellerOrderProductReferenceKey: string; taxationType: string;
};

export type TaxSplit = { taxFree: number; taxable: number; vat: number };

export type Reservation = {
  reserveOrderNo: string;
  kind: 'order' | 'auto';
  sellerKey: string;
  /** sellerOrderReferenceKey (order) or sellerAutoPaymentReferenceKey (auto). */
  ref: string;
  amount: number;
  split: TaxSplit;
  title: string;
  products: PaycoProduct[];
  /** The auto-payment reserve's cpId (the order's are in its products). */
  cpId: string | null;
  orderChannel: 'PC' | 'MOBILE';
  returnUrl: string;
  /** `returnUrlParam` (a JSON string of an object): its members go back to returnUrl with PAYCO's own fields. */
  returnParams: Record<string, string>;
  depositUrl: string | null;
  /** The account's due (extraData `virtualAccountExpiryYmd`), null = PAYCO's default. */
  vbankDue: number | null;
  /** The sheet's end (extraData `payExpiryYmdt`), null = none. */
  expiresAt: number | null;
  sessionId: string;
};

export type Refusal = { code: number; message: string };
const refuse = (code: number, message: string): Refusal => ({ code, message });

const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v !== '' && v.length <= max ? v : null);

/** The tax split PAYCO's sample computes when the seller sends none: VAT is what 10/11 of the taxable part leaves. */
function defaultSplit(amount: number, taxFree: number): TaxSplit {
  const taxable = Math.floor(((amount - taxFree) * 10) / 11);
  return { taxFree, taxable, vat: amount - taxFree - taxable };
}

/** totalTaxfreeAmt / totalTaxableAmt / totalVatAmt: given ones must add up to the amount. */
export function readSplit(b: Json, amount: number, prefix: 'total' | 'totalCancel'): TaxSplit | Refusal {
  const free = b[`${prefix}TaxfreeAmt`] === undefined ? 0 : amountOf(b[`${prefix}TaxfreeAmt`]);
  if (free === null || free > amount) return refuse(C.badParam, `${prefix}TaxfreeAmt 오류`);
  const taxableGiven = b[`${prefix}TaxableAmt`] !== undefined;
  if (!taxableGiven) return defaultSplit(amount, free);
  const taxable = amountOf(b[`${prefix}TaxableAmt`]);
  const vat = amountOf(b[`${prefix}VatAmt`] ?? 0);
  if (taxable === null || vat === null || free + taxable + vat !== amount) {
    return refuse(C.amountMismatch, '면세금액, 과세금액, 부가세의 합이 결제금액과 다릅니다');
  }
  return { taxFree: free, taxable, vat };
}

function readParams(v: unknown): Record<string, string> | null {
  if (v === undefined || v === '') return {};
  if (typeof v !== 'string') return null;
  try {
    const o = JSON.parse(v) as unknown;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
    return Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
  } catch {
    return null;
  }
}

/** extraData (a JSON string): payExpiryYmdt and virtualAccountExpiryYmd. */
function readExtra(v: unknown): { payExpiry: number | null; vbankDue: number | null } | null {
  const o = readParams(v);
  if (o === null) return null;
  const pay = o.payExpiryYmdt === undefined ? null : parseYmdt(o.payExpiryYmdt);
  const due = o.virtualAccountExpiryYmd === undefined ? null : parseYmdt(o.virtualAccountExpiryYmd);
  if ((o.payExpiryYmdt !== undefined && pay === null) || (o.virtualAccountExpiryYmd !== undefined && due === null)) return null;
  return { payExpiry: pay, vbankDue: due };
}

function readProducts(v: unknown): PaycoProduct[] | Refusal {
  if (!Array.isArray(v) || v.length === 0 || v.length > 100) return refuse(C.badParam, 'orderProducts 가 필요합니다');
  const out: PaycoProduct[] = [];
  const keys = new Set<string>();
  for (const p of v as Json[]) {
    const cpId = str(p?.cpId, 30);
    const productId = str(p?.productId, 50);
    const key = str(p?.sellerOrderProductReferenceKey, 100);
    const productAmt = amountOf(p?.productAmt);
    const productPaymentAmt = amountOf(p?.productPaymentAmt);
    const quantity = p?.orderQuantity === undefined ? 1 : amountOf(p.orderQuantity);
    if (!cpId || !productId || !key || productAmt === null || productPaymentAmt === null || !quantity) return refuse(C.badParam, 'orderProducts 항목 오류 (cpId, productId, productAmt, productPaymentAmt, orderQuantity, sellerOrderProductReferenceKey)');
    if (keys.has(key)) return refuse(C.badParam, 'sellerOrderProductReferenceKey 는 주문 안에서 고유해야 합니다');
    keys.add(key);
    const taxationType = typeof p.taxationType === 'string' ? p.taxationType : 'TAXATION';
    if (!['TAXATION', 'DUTYFREE', 'SMALL', 'COMBINE'].includes(taxationType)) return refuse(C.badParam, 'taxationType 오류');
    out.push({
      cpId, productId, productAmt, productPaymentAmt, orderQuantity: quantity, productName: typeof p.productName === 'string' ? p.productName : '',
      sellerOrderProductReferenceKey: key, taxationType,
    });
  }
  return out;
}

const channelOf = (v: unknown): 'PC' | 'MOBILE' | null => (v === undefined || v === 'PC' ? 'PC' : v === 'MOBILE' ? 'MOBILE' : null);

type Common = Pick<Reservation, 'orderChannel' | 'returnUrl' | 'returnParams' | 'expiresAt' | 'vbankDue'>;

function readCommon(b: Json, now: number): Common | Refusal {
  if (b.currency !== undefined && b.currency !== 'KRW') return refuse(C.badParam, '지원하지 않는 통화입니다');
  const orderChannel = channelOf(b.orderChannel);
  if (!orderChannel) return refuse(C.badParam, 'orderChannel 은 PC 또는 MOBILE 입니다');
  if (!isWebUrl(b.returnUrl)) return refuse(C.badParam, 'returnUrl 오류');
  const returnParams = readParams(b.returnUrlParam);
  if (!returnParams) return refuse(C.badParam, 'returnUrlParam 은 JSON 문자열입니다');
  const extra = readExtra(b.extraData);
  if (!extra) return refuse(C.badParam, 'extraData 오류 (payExpiryYmdt, virtualAccountExpiryYmd)');
  if (extra.payExpiry !== null && extra.payExpiry <= now) return refuse(C.badParam, 'payExpiryYmdt 가 지났습니다');
  if (extra.vbankDue !== null && extra.vbankDue <= now) return refuse(C.badParam, 'virtualAccountExpiryYmd 가 지났습니다');
  return { orderChannel, returnUrl: b.returnUrl, returnParams, expiresAt: extra.payExpiry, vbankDue: extra.vbankDue };
}

/** `/outseller/order/reserve` (PAY2): everything but the numbers PAYCO draws. */
export function readOrderReserve(b: Json, now: number): Omit<Reservation, 'reserveOrderNo' | 'sessionId' | 'sellerKey'> | Refusal {
  const ref = str(b.sellerOrderReferenceKey, 100);
  if (!ref) return refuse(C.badParam, 'sellerOrderReferenceKey 가 필요합니다');
  if (b.sellerOrderReferenceKeyType !== undefined && !['UNIQUE_KEY', 'DUPLICATE_KEY'].includes(String(b.sellerOrderReferenceKeyType))) return refuse(C.badParam, 'sellerOrderReferenceKeyType 오류');
  if (b.payMode !== 'PAY2') return refuse(C.notSupported, 'sandbox PAYCO 는 payMode PAY2 만 지원합니다');
  if (b.orderMethod !== undefined && !['EASYPAY', 'EASYPAY_F'].includes(String(b.orderMethod))) return refuse(C.notSupported, 'orderMethod 는 EASYPAY 또는 EASYPAY_F 입니다');
  const amount = amountOf(b.totalPaymentAmt);
  if (!amount) return refuse(C.badParam, 'totalPaymentAmt 오류');
  const products = readProducts(b.orderProducts);
  if ('code' in products) return products;
  if (products.reduce((n, p) => n + p.productPaymentAmt, 0) !== amount) return refuse(C.amountMismatch, '주문상품 결제금액의 합이 totalPaymentAmt 와 다릅니다');
  const split = readSplit(b, amount, 'total');
  if ('code' in split) return split;
  if (b.nonBankbookDepositInformUrl !== undefined && !isWebUrl(b.nonBankbookDepositInformUrl)) return refuse(C.badParam, 'nonBankbookDepositInformUrl 오류');
  const common = readCommon(b, now);
  if ('code' in common) return common;
  const title = typeof b.orderTitle === 'string' && b.orderTitle !== '' ? b.orderTitle : products[0]!.productName;
  return { kind: 'order', ref, amount, split, title, products, cpId: null, depositUrl: typeof b.nonBankbookDepositInformUrl === 'string' ? b.nonBankbookDepositInformUrl : null, ...common };
}

/** `/outseller/autoPayment/reserve`: the amount is shown only (AutoPayment sample "자동결제 등록 페이지에 노출될 금액"). */
export function readAutoReserve(b: Json, now: number): Omit<Reservation, 'reserveOrderNo' | 'sessionId' | 'sellerKey'> | Refusal {
  const ref = str(b.sellerAutoPaymentReferenceKey, 100);
  if (!ref) return refuse(C.badParam, 'sellerAutoPaymentReferenceKey 가 필요합니다');
  const cpId = str(b.cpId, 30);
  if (!cpId) return refuse(C.badParam, 'cpId 가 필요합니다');
  if (b.orderMethod !== undefined && !['EASYPAY', 'EASYPAY_F'].includes(String(b.orderMethod))) return refuse(C.notSupported, 'orderMethod 는 EASYPAY 또는 EASYPAY_F 입니다');
  const amount = b.totalPaymentAmt === undefined ? 0 : amountOf(b.totalPaymentAmt);
  if (amount === null) return refuse(C.badParam, 'totalPaymentAmt 오류');
  const common = readCommon(b, now);
  if ('code' in common) return common;
  const title = typeof b.orderTitle === 'string' && b.orderTitle !== '' ? b.orderTitle : 'PAYCO 자동결제 등록';
  return { kind: 'auto', ref, amount, split: defaultSplit(amount, 0), title, products: [], cpId, depositUrl: null, ...common };
}
