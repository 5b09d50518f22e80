/**
 * PAYCO's outseller API as PAYCO documents it (pg-protocols.md §2; docs/pgs/payco.md names the source
 * of every field): JSON POSTs under `/outseller/`, no signature and no auth header (the caller is
 * `sellerKey` with the contracted `cpId`/`productId`, and PAYCO's firewall), every answer in the
 * envelope `{code, message, result}` with `code` 0 for success.
 */
import { z } from 'zod';

/**
 * The published test pair (pg-protocols.md §2.5: PAYCO's sample config pairs `PARTNERTEST` /
 * `PROD_EASY`), used by sandbox channels registered without their own cpId/productId.
 */
export const PAYCO_SANDBOX_CP_ID = 'PARTNERTEST';
export const PAYCO_SANDBOX_PRODUCT_ID = 'PROD_EASY';

/** The paths of PaycoUtil / payco_config / AutoPayment_Util (§2.2), the same on alpha and live hosts. */
export const paycoPaths = {
  reserve: '/outseller/order/reserve',
  approval: '/outseller/payment/approval',
  verify: '/outseller/payment/approval/getDetailForVerify',
  cancel: '/outseller/order/cancel',
  cancelCheck: '/outseller/order/cancel/checkAvailability',
  updateStatus: '/outseller/order/updateOrderProductStatus',
  autoReserve: '/outseller/autoPayment/reserve',
  autoInfo: '/outseller/autoPayment/info',
  autoPayment: '/outseller/autoPayment/payment',
  autoDelete: '/outseller/autoPayment/delete',
  /** openimp's REST virtual account (POST /vbanks): PAYCO documents none (docs/differences.md). */
  vbankIssue: '/easypay/vbank/issue',
} as const;

/**
 * `paymentMethodCode`s of `paymentDetails` (PAYCO samples: payco_detailForVerify.php, 3P PaycoServiceImpl):
 * 31 card (PAYCO easy card), 01 card, 35 PAYCO bank-account easy pay, 04 real-time transfer,
 * 02 non-bankbook (virtual account), 60/05 phone, 98 PAYCO points, 75/76/77 coupons.
 */
export const paycoMethodCodes = {
  card: ['31', '01'],
  trans: ['35', '04'],
  vbank: ['02'],
  phone: ['60', '05'],
  point: ['98'],
  coupon: ['75', '76', '77'],
} as const;

/** `code`s PAYCO documents: 0 success; 2222 the buyer closed the order sheet (payco_reserve.php, returnUrl). */
export const paycoCodes = { success: 0, userCancelled: 2222 } as const;

const amount = z.number().int().nonnegative();
/** PAYCO's Java/PHP samples read amounts as numbers but some answers carry them as digit strings. */
const wireInt = z.union([amount, z.string().regex(/^[0-9]+$/).transform(Number)]);
/** PAYCO leaves unknown texts empty or out: both are none. */
const text = z.string().nullish().transform((v) => (v ? v : null));

/** The envelope of every answer; `result` is read by each call's own schema. */
const envelope = <T extends z.ZodTypeAny>(result: T) =>
  z.object({ code: z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/).transform(Number)]), message: z.string().nullish().transform((v) => v ?? ''), result: result.nullish() });

export const reserveResponse = envelope(z.object({ reserveOrderNo: z.string().nullish(), orderSheetUrl: z.string().url() }));
export type ReserveResponse = z.infer<typeof reserveResponse>;

/** One `paymentDetails[]` entry (payco_detailForVerify.php output table). */
export const paymentDetail = z.object({
  paymentTradeNo: text,
  paymentMethodCode: z.string(),
  paymentMethodName: text,
  paymentAmt: wireInt,
  tradeYmdt: text,
  pgAdmissionNo: text,
  cardSettleInfo: z.object({
    cardCompanyName: text, cardCompanyCode: text, cardNo: text, cardInstallmentMonthNumber: text, cardAdmissionNo: text,
    corporateCardYn: text, partCancelPossibleYn: text,
  }).nullish(),
  realtimeAccountTransferSettleInfo: z.object({ bankName: text, bankCode: text }).nullish(),
  nonBankbookSettleInfo: z.object({ bankName: text, bankCode: text, accountNo: text, paymentExpirationYmd: text }).nullish(),
  couponSettleInfo: z.object({ discountAmt: wireInt.nullish() }).passthrough().nullish(),
});
export type PaymentDetail = z.infer<typeof paymentDetail>;

/** The order of approval and getDetailForVerify answers (§2.4; payco_detailForVerify.php). */
export const paycoOrder = z.object({
  sellerOrderReferenceKey: z.string(),
  reserveOrderNo: text,
  orderNo: z.string().min(1),
  memberName: text,
  memberEmail: text,
  orderChannel: text,
  totalOrderAmt: wireInt.nullish(),
  totalPaymentAmt: wireInt,
  paymentCompletionYn: z.enum(['Y', 'N']),
  orderCertifyKey: text,
  paymentDetails: z.array(paymentDetail).default([]),
  orderProducts: z.array(z.object({
    orderProductNo: text, sellerOrderProductReferenceKey: text, orderProductStatusCode: text, productPaymentAmt: wireInt.nullish(),
  }).passthrough()).default([]),
});
export type PaycoOrder = z.infer<typeof paycoOrder>;

export const orderResponse = envelope(paycoOrder);
export type OrderResponse = z.infer<typeof orderResponse>;

/** `/outseller/order/cancel` (3P PaycoCancelResult, payco sample pages): `cancelTradeSeq` names the cancel. */
export const cancelResponse = envelope(z.object({
  // A string in 3P Java models, a number in some answers: either way the cancel's id.
  cancelTradeSeq: z.union([z.string().min(1), z.number().int().transform(String)]),
  totalCancelPaymentAmt: wireInt.nullish(),
  remainCancelPossibleAmt: wireInt.nullish(),
  cancelYmdt: text,
}).passthrough());
export type CancelResponse = z.infer<typeof cancelResponse>;

/** `/outseller/order/cancel/checkAvailability` (3P PaycoServiceImpl, PAYCO sample index page). */
export const cancelCheckResponse = envelope(z.object({
  cancelPossibleYn: z.enum(['Y', 'N']),
  cancelImpossibleReason: text,
  totalCancelPossibleAmt: wireInt.nullish(),
  pgCancelPossibleAmt: wireInt.nullish(),
}).passthrough());
export type CancelCheckResponse = z.infer<typeof cancelCheckResponse>;

/** `/outseller/autoPayment/info` (3P PaycoReserveInfoReturnVO, from PAYCO's autoPayment_return.jsp). */
export const autoInfoResponse = envelope(z.object({
  sellerAutoPaymentReferenceKey: z.string().min(1),
  autoPaymentCertifyKey: z.string().min(1),
  autoPaymentNo: z.string().min(1),
  paymentMethodCode: text,
  paymentMethodName: text,
  pinNo: text,
  corporationCode: text,
  corporationName: text,
  registYmdt: text,
}));

/** `/outseller/autoPayment/payment` (3P PaycoServiceImpl: orderNo, orderCertifyKey, paymentCompleteYmdt). */
export const autoPaymentResponse = envelope(z.object({
  orderNo: z.string().min(1),
  orderCertifyKey: text,
  paymentCompleteYmdt: text,
  totalPaymentAmt: wireInt.nullish(),
  paymentDetails: z.array(paymentDetail).nullish(),
}).passthrough());
export type AutoPaymentResponse = z.infer<typeof autoPaymentResponse>;

/** Answers that carry no result we read (`autoPayment/delete`: `{"code":0,"message":"success"}` [REC]). */
export const plainResponse = envelope(z.unknown());
