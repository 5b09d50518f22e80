/**
 * A PAYCO order as the fake PAYCO reports it: the books' transaction (balance, card, account) plus
 * what PAYCO adds, kept under `payco-order:{orderNo}`: the orderCertifyKey, the order products with
 * their status, and the payment split into PAYCO's `paymentDetails` (the main method, PAYCO points,
 * a PAYCO coupon) with each part's tax split, and each cancel's split over those parts. The field
 * names follow the recorded approval and cancel answers (pg-protocols.md §2.4).
 */
import type { BookTx } from '../books.ts';
import type { Json } from '../json-api.ts';
import type { PaycoProduct, Reservation, TaxSplit } from './reserve.ts';
import { sandboxMember } from './sheet.ts';
import { paycoCardCodes, paycoMethodNames, paycoMethods as M, ymdt } from './wire.ts';

export type Part = { methodCode: string; tradeNo: string; amount: number } & TaxSplit;
export type CancelPart = Part & { cancelTradeNo: string };
export type PaycoCancel = { cancelTradeSeq: number; at: number; amount: number; parts: CancelPart[] };

export type PaycoOrder = {
  orderNo: string;
  reserveOrderNo: string | null;
  orderCertifyKey: string;
  orderChannel: 'PC' | 'MOBILE';
  products: (PaycoProduct & { orderProductNo: string; statusCode: string })[];
  parts: Part[];
  cancels: PaycoCancel[];
  /** The last status the seller reported with updateOrderProductStatus, per product key. */
  sellerStatus: Record<string, string>;
  autoPaymentNo: string | null;
};

export const productStatus: Record<string, string> = {
  OPSPAED: '결제완료', OPSWAIT: '입금대기', OPSCANC: '취소완료', OPSFAIL: '결제실패',
  DELIVERY_START: '배송중', PURCHASE_DECISION: '구매확정',
};

/** Splits `total` into parts in proportion to `weights`; the last part takes the rounding rest. */
function proportional(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = total;
  return weights.map((w, i) => {
    if (i === weights.length - 1) return left;
    const v = sum === 0 ? 0 : Math.floor((total * w) / sum);
    left -= v;
    return v;
  });
}

/** Gives each part its share of the tax split. */
export function withSplit<T extends { amount: number }>(parts: T[], split: TaxSplit): (T & TaxSplit)[] {
  const w = parts.map((p) => p.amount);
  const free = proportional(split.taxFree, w);
  const taxable = proportional(split.taxable, w);
  const vat = proportional(split.vat, w);
  return parts.map((p, i) => ({ ...p, taxFree: free[i]!, taxable: taxable[i]!, vat: vat[i]! }));
}

/** The main method's code for a books transaction. */
export function mainMethodCode(tx: BookTx): string {
  if (tx.wallet === 'point') return M.point;
  return tx.method === 'trans' ? M.trans : tx.method === 'vbank' ? M.vbank : M.card;
}

/** The parts of a new order: the main method pays what the coupon does not. */
export function partsOf(tx: BookTx, coupon: number, split: TaxSplit, tradeNo: () => string): Part[] {
  const raw = [{ methodCode: mainMethodCode(tx), tradeNo: tradeNo(), amount: tx.amount - coupon }];
  if (coupon > 0) raw.push({ methodCode: M.coupon, tradeNo: tradeNo(), amount: coupon });
  return withSplit(raw, split);
}

/** What is left of each part after the cancels. */
export function remainingParts(o: PaycoOrder): Part[] {
  return o.parts.map((p) => {
    const done = o.cancels.flatMap((c) => c.parts).filter((c) => c.tradeNo === p.tradeNo);
    const minus = (k: 'amount' | 'taxFree' | 'taxable' | 'vat') => p[k] - done.reduce((n, c) => n + c[k], 0);
    return { ...p, amount: minus('amount'), taxFree: minus('taxFree'), taxable: minus('taxable'), vat: minus('vat') };
  });
}

/** A cancel of `amount` taken from the main method first, then points, then the coupon, with the cancel's tax split. */
export function cancelParts(o: PaycoOrder, amount: number, split: TaxSplit, tradeNo: () => string): CancelPart[] {
  let left = amount;
  const taken: (Part & { cancelTradeNo: string })[] = [];
  for (const p of remainingParts(o)) {
    if (left === 0) break;
    const take = Math.min(p.amount, left);
    if (take === 0) continue;
    taken.push({ ...p, amount: take, cancelTradeNo: tradeNo() });
    left -= take;
  }
  return withSplit(taken, split);
}

const sum = (parts: Part[], k: keyof TaxSplit | 'amount'): number => parts.reduce((n, p) => n + p[k], 0);

function detail(tx: BookTx, p: Part): Json {
  const base: Json = {
    paymentTradeNo: p.tradeNo, paymentMethodCode: p.methodCode, paymentMethodName: paycoMethodNames[p.methodCode] ?? '', paymentAmt: p.amount,
    taxfreeAmt: p.taxFree, taxableAmt: p.taxable, vatAmt: p.vat, serviceAmt: 0, tradeYmdt: ymdt(tx.at),
  };
  if (p.methodCode === M.coupon) return { ...base, couponSettleInfo: { discountAmt: p.amount, discountConditionAmt: tx.amount } };
  if (p.methodCode === M.point) return { ...base, easyPaymentYn: 'Y' };
  const pg = { pgAdmissionNo: tx.authCode ? `${tx.tid.slice(0, 8)}${tx.authCode}` : '', pgAdmissionYmdt: ymdt(tx.at), easyPaymentYn: 'Y' };
  if (p.methodCode === M.card && tx.card) {
    const c = tx.card;
    return {
      ...base, ...pg,
      cardSettleInfo: {
        cardCompanyName: c.name, cardCompanyCode: paycoCardCodes[c.code] ?? 'CCBC', cardNo: c.number, cardInstallmentMonthNumber: String(tx.quota).padStart(2, '0'),
        cardAdmissionNo: tx.authCode ?? '', cardInterestFreeYn: 'N', corporateCardYn: 'N', partCancelPossibleYn: 'Y',
      },
    };
  }
  if (p.methodCode === M.trans && tx.bank) return { ...base, ...pg, realtimeAccountTransferSettleInfo: { bankCode: tx.bank.code, bankName: tx.bank.name } };
  if (p.methodCode === M.vbank && tx.vbank) {
    const v = tx.vbank;
    return { ...base, ...pg, nonBankbookSettleInfo: { bankCode: v.code, bankName: v.name, accountNo: v.num, accountHolder: v.holder, paymentExpirationYmd: ymdt(v.due).slice(0, 8), paymentExpirationYmdt: ymdt(v.due) } };
  }
  return { ...base, ...pg };
}

/** The order as the approval (and an auto-payment charge) answers it. */
export function orderResult(tx: BookTx, o: PaycoOrder, r: Pick<Reservation, 'ref'> | null): Json {
  const paid = tx.state === 'paid';
  return {
    sellerOrderReferenceKey: tx.orderId, reserveOrderNo: o.reserveOrderNo ?? '', orderNo: o.orderNo,
    memberName: sandboxMember.maskedName, memberEmail: sandboxMember.maskedEmail, orderChannel: o.orderChannel,
    totalOrderAmt: tx.amount, totalDeliveryFeeAmt: 0, totalRemoteAreaDeliveryFeeAmt: 0, totalPaymentAmt: tx.amount,
    receiptPaycoPointAmt: 0, receiptPaycoPointTaxfreeAmt: 0, receiptPaycoPointTaxableAmt: 0, receiptPaycoPointVatAmt: 0, receiptPaycoPointServiceAmt: 0,
    orderProducts: o.products.map((p) => ({
      orderProductNo: p.orderProductNo, sellerOrderProductReferenceKey: p.sellerOrderProductReferenceKey, orderProductStatusCode: p.statusCode,
      orderProductStatusName: productStatus[p.statusCode] ?? '', cpId: p.cpId, productId: p.productId, productKindCode: 'GENERAL_PRODUCT',
      productPaymentAmt: p.productPaymentAmt, originalProductPaymentAmt: p.productPaymentAmt,
    })),
    paymentDetails: o.parts.map((p) => detail(tx, p)),
    orderCertifyKey: o.orderCertifyKey,
    paymentCompletionYn: paid ? 'Y' : 'N',
    ...(paid ? { paymentCompleteYmdt: ymdt(tx.vbank?.paidAt ?? tx.at) } : {}),
    ...(r && r.ref !== tx.orderId ? { sellerAutoPaymentReferenceKey: r.ref } : {}),
  };
}

/** A cancel's answer (recorded `/outseller/order/cancel` result). */
export function cancelResult(o: PaycoOrder, c: PaycoCancel): Json {
  return { orderNo: o.orderNo, remainCancelPossibleAmt: sum(remainingParts(o), 'amount'), ...cancelEntry(c) };
}

/** One cancel as the cancel answer reports it, without the order's number and balance. */
function cancelEntry(c: PaycoCancel): Json {
  return {
    cancelTradeSeq: c.cancelTradeSeq, totalCancelPaymentAmt: c.amount,
    cancelPaymentDetails: c.parts.map((p) => ({
      paymentTradeNo: p.tradeNo, paymentMethodCode: p.methodCode, paymentMethodName: paycoMethodNames[p.methodCode] ?? '', cancelPaymentAmt: p.amount,
      tradeYmdt: ymdt(c.at), cancelPaymentTradeNo: p.cancelTradeNo, cancelTaxableAmt: p.taxable, cancelTaxfreeAmt: p.taxFree, cancelVatAmt: p.vat, cancelServiceAmt: 0,
    })),
    cancelReceiptPaycoPointAmt: 0, cancelReceiptPaycoPointTaxfreeAmt: 0, cancelReceiptPaycoPointTaxableAmt: 0, cancelReceiptPaycoPointVatAmt: 0,
    cancelReceiptPaycoPointServiceAmt: 0, cancelYmdt: ymdt(c.at),
  };
}

/**
 * getDetailForVerify: the approval's fields, then (openimp's guess, the verify output table is not
 * public) the cancels so far under the cancel answer's names.
 */
export function verifyResult(tx: BookTx, o: PaycoOrder): Json {
  return {
    ...orderResult(tx, o, null),
    totalCancelPaymentAmt: o.cancels.reduce((n, c) => n + c.amount, 0),
    remainCancelPossibleAmt: tx.state === 'paid' ? sum(remainingParts(o), 'amount') : 0,
    cancelDetails: o.cancels.map(cancelEntry),
  };
}
