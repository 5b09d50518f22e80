/**
 * PAYCO's answers as contract results. An order is paid only when `code` is 0 and
 * `paymentCompletionYn` is Y; its V1 pay method is read from `paymentDetails` (the buyer picks the
 * method inside PAYCO's order sheet), PAYCO points and coupons being part of the same payment.
 */
import type { Currency } from '../../core/money.ts';
import { PgTransportError, type Approved, type CardDetails, type Declined, type WindowOutcome } from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import { refText } from './ref.ts';
import { paycoCodes, paycoMethodCodes, type PaycoOrder, type PaymentDetail } from './wire.ts';

/** PAYCO is KRW only and `app/` checks capabilities first: another currency is a programming error. */
export const wireAmount = (minor: number, currency: Currency): number => krwWireAmount('PAYCO', minor, currency);

export const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `PAYCO ${what}`);

export const declinedOf = (r: { code: number; message: string }, pgTid: string | null = null): Declined =>
  ({ kind: 'declined', pgTid, pgCode: String(r.code), pgMessage: r.message });

const isOne = (codes: readonly string[], d: PaymentDetail): boolean => codes.includes(d.paymentMethodCode);

/** The detail that names the V1 method: the first one that is not PAYCO points or a coupon. */
const mainDetail = (details: PaymentDetail[]): PaymentDetail | null =>
  details.find((d) => !isOne(paycoMethodCodes.point, d) && !isOne(paycoMethodCodes.coupon, d)) ?? null;

export function payMethodOf(details: PaymentDetail[]): string {
  const d = mainDetail(details);
  if (!d) return details.length > 0 ? 'point' : 'card';
  if (isOne(paycoMethodCodes.card, d)) return 'card';
  if (isOne(paycoMethodCodes.trans, d)) return 'trans';
  if (isOne(paycoMethodCodes.vbank, d)) return 'vbank';
  if (isOne(paycoMethodCodes.phone, d)) return 'phone';
  return 'card';
}

const cardOf = (d: PaymentDetail | null): CardDetails | null => {
  const c = d?.cardSettleInfo;
  return c ? { code: c.cardCompanyCode, name: c.cardCompanyName, number: c.cardNo, type: null } : null;
};

/** `yyyyMMdd[HHmmss]` in Korean time (PAYCO's dates) as unix seconds; end of day when only a date. */
export function kstSeconds(ymd: string | null): number | null {
  const m = ymd ? /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(ymd) : null;
  if (!m) return null;
  const [h, mi, s] = m[4] === undefined ? [23, 59, 59] : [Number(m[4]), Number(m[5]), Number(m[6])];
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h - 9, mi, s) / 1000;
}

export function approvedOf(o: Pick<PaycoOrder, 'orderNo' | 'paymentDetails'> & Partial<Pick<PaycoOrder, 'reserveOrderNo' | 'orderCertifyKey'>>): Approved {
  const d = mainDetail(o.paymentDetails);
  return {
    kind: 'approved', pgTid: o.orderNo, applyNum: d?.cardSettleInfo?.cardAdmissionNo ?? d?.pgAdmissionNo ?? null,
    card: cardOf(d), receiptUrl: null, pgRef: refText({ reserveOrderNo: o.reserveOrderNo ?? null, orderCertifyKey: o.orderCertifyKey ?? null }),
  };
}

/**
 * An approval (or a verify answer read as one) as the window's outcome. `expected` is the amount the
 * order was reserved with: PAYCO approving any other total is not this order's payment.
 */
export function windowOutcomeOf(r: { code: number; message: string; result?: PaycoOrder | null }, expected: number | null): WindowOutcome {
  if (r.code !== paycoCodes.success) return declinedOf(r);
  const o = r.result;
  if (!o) throw bad('approval without result');
  if (expected !== null && o.totalPaymentAmt !== expected) {
    return { kind: 'declined', pgTid: o.orderNo, pgCode: 'amount_mismatch', pgMessage: `PAYCO 승인 금액(${o.totalPaymentAmt})이 주문 금액(${expected})과 다릅니다.` };
  }
  const main = mainDetail(o.paymentDetails);
  const vbank = main?.nonBankbookSettleInfo;
  if (o.paymentCompletionYn === 'N') {
    if (!main || !isOne(paycoMethodCodes.vbank, main) || !vbank?.accountNo) return declinedOf({ code: -1, message: 'PAYCO 결제가 완료되지 않았습니다.' }, o.orderNo);
    const due = kstSeconds(vbank.paymentExpirationYmd);
    if (due === null) throw bad('virtual account without paymentExpirationYmd');
    return {
      kind: 'vbank_issued', pgTid: o.orderNo, receiptUrl: null, pgRef: refText({ reserveOrderNo: o.reserveOrderNo, orderCertifyKey: o.orderCertifyKey }),
      vbank: { code: vbank.bankCode ?? '', name: vbank.bankName ?? '', num: vbank.accountNo, holder: null, due },
    };
  }
  const bank = main?.realtimeAccountTransferSettleInfo ?? main?.nonBankbookSettleInfo ?? null;
  return {
    ...approvedOf(o), payMethod: payMethodOf(o.paymentDetails),
    bank: bank && bank.bankCode ? { code: bank.bankCode, name: bank.bankName ?? '' } : null, embPgProvider: null,
  };
}

/**
 * A billing key is PAYCO's auto-payment registration: the charge call needs `autoPaymentNo` and
 * `autoPaymentCertifyKey`, the delete call `sellerAutoPaymentReferenceKey` and the certify key.
 */
export type AutoPaymentKey = { ref: string; no: string; certifyKey: string };
export const billingKeyOf = (k: AutoPaymentKey): string => JSON.stringify([k.ref, k.no, k.certifyKey]);
export function autoPaymentKeyOf(billingKey: string): AutoPaymentKey {
  let v: unknown;
  try {
    v = JSON.parse(billingKey);
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string' && x !== '')) throw new RangeError('not a PAYCO auto-payment key');
  return { ref: v[0] as string, no: v[1] as string, certifyKey: v[2] as string };
}

/** PAYCO's paymentDetails by kind of money: PAYCO points (98) are `secondary`, coupons (75-77) `discount`. */
export function partsOf(details: PaymentDetail[]): { primary: number; secondary: number; discount: number } {
  const sum = (codes: readonly string[] | null) =>
    details.filter((d) => (codes ? isOne(codes, d) : !isOne(paycoMethodCodes.point, d) && !isOne(paycoMethodCodes.coupon, d))).reduce((s, d) => s + d.paymentAmt, 0);
  return { primary: sum(null), secondary: sum(paycoMethodCodes.point), discount: sum(paycoMethodCodes.coupon) };
}
