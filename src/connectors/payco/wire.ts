/**
 * The PAYCO wire as openimp models it: PAYCO-style JSON APIs (`code` 0 = success, `message`,
 * `result`), an order sheet the browser is posted to, and a redirect back with a certify token.
 * PAYCO's real "reserve" step is folded into the signed start fields because the window start is a
 * browser hop (see README.md). Connector and simulator share these names.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
/** The merchant key of sandbox sellers when the channel has no secret (README.md). */
export const PAYCO_SANDBOX_KEY = 'payco-sandbox-secret';

/**
 * Who is calling: every server API call carries sellerKey (the channel's pg_id) with the contracted
 * cpId and productId (pg-protocols.md §2); a seller registered without its own uses the published
 * test pair (§2.5). A cancel also needs the order's `orderCertifyKey`, which only the order detail
 * answers (`getDetailForVerify`, §2.3).
 */
export const PAYCO_SANDBOX_CP_ID = 'PARTNERTEST';
export const PAYCO_SANDBOX_PRODUCT_ID = 'PROD_EASY';

export const paycoPaths = {
  orderSheet: '/easypay/order/sheet',
  approval: '/easypay/payment/approval',
  autoPayment: '/easypay/autopayment/approval',
  cancel: '/easypay/order/cancel',
  detail: '/easypay/order/detail',
  /** openimp's REST vbank (POST /vbanks); PAYCO's documents in the repo have none (docs/differences.md). */
  vbankIssue: '/easypay/vbank/issue',
  deposit: '/vbank/deposit',
} as const;

/** PAYCO `paymentMethodCode`s. */
export const paycoMethods = { card: '31', trans: '35', vbank: '02' } as const;

export const paycoCodes = {
  success: 0,
  userCancelled: 2222,
  windowFailed: 1001,
  badParam: 3001,
  badSignature: 3002,
  badToken: 3003,
  amountMismatch: 3004,
  duplicateOrder: 3005,
  badCaller: 3010,
  unknownKey: 4001,
  invalidCard: 5110,
  noOrder: 6001,
  overCancel: 6002,
  nothingLeft: 6003,
  notFullBalance: 6004,
  badCancelTaxFree: 6005,
  notPaid: 6006,
  badCertifyKey: 6010,
  notFound: 7001,
} as const;


export type OrderSheetFields = Record<
  'sellerKey' | 'sellerOrderReferenceKey' | 'totalPaymentAmt' | 'totalTaxfreeAmt' | 'orderTitle' | 'buyerName' | 'buyerEmail' | 'buyerTel'
  | 'returnUrl' | 'serviceUrl' | 'autoPaymentYn' | 'orderChannel' | 'vbankExpireYmdt' | 'signature',
  string
>;

const hmac = (key: string, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

export const orderSheetSignature = (f: Pick<OrderSheetFields, 'sellerKey' | 'sellerOrderReferenceKey' | 'totalPaymentAmt' | 'autoPaymentYn'>, key: string): string =>
  hmac(key, `${f.sellerKey}|${f.sellerOrderReferenceKey}|${f.totalPaymentAmt}|${f.autoPaymentYn}`);

/** Notifications carry `response` (JSON text) and `signature` = HMAC-SHA256(key, response). */
export const notificationSignature = (response: string, key: string): string => hmac(key, response);

const amount = z.number().int().nonnegative();

export const paymentDetail = z.object({
  paymentMethodCode: z.enum(['31', '35', '02']),
  paymentTradeNo: z.string().min(1),
  paymentAmt: amount,
  tradeYmdt: z.string().optional(),
  cardSettleInfo: z.object({
    cardCompanyCode: z.string(), cardCompanyName: z.string(), cardNo: z.string(), cardType: z.enum(['CREDIT', 'CHECK']),
    cardInstallmentMonthNumber: z.string(), cardAdmissionNo: z.string(),
  }).optional(),
  realtimeAccountTransferSettleInfo: z.object({ bankCode: z.string(), bankName: z.string() }).optional(),
  nonBankbookSettleInfo: z.object({
    bankCode: z.string(), bankName: z.string(), accountNo: z.string(), accountHolder: z.string(), paymentExpirationYmdt: z.number().int(),
  }).optional(),
});
export type PaymentDetail = z.infer<typeof paymentDetail>;

export const orderResult = z.object({
  orderNo: z.string().min(1),
  sellerOrderReferenceKey: z.string(),
  totalPaymentAmt: amount,
  orderStatus: z.enum(['PAID', 'DECLINED', 'WAITING_DEPOSIT', 'CANCELLED', 'PART_CANCELLED']),
  paymentDetails: z.array(paymentDetail),
  failCode: z.number().int().optional(),
  failMessage: z.string().optional(),
  /** Detail answers only: the key a cancel of this order must carry. */
  orderCertifyKey: z.string().min(1).optional(),
  /** Detail answers only: what has been cancelled, in total and per cancel. */
  totalCancelPaymentAmt: amount.optional(),
  cancelDetails: z.array(z.object({ cancelTradeSeq: z.string().min(1), cancelPaymentAmt: amount })).optional(),
});
export type OrderResult = z.infer<typeof orderResult>;

/** Approval, auto-payment and detail answers. */
export const orderResponse = z.object({ code: z.number().int(), message: z.string(), result: orderResult.optional() });
export type OrderResponse = z.infer<typeof orderResponse>;

/** A billing window's approval: the auto-payment key and its card, no charge (reference §6.1). */
export const autoPaymentKey = z.object({
  autoPaymentKey: z.string().min(1),
  buyerEmail: z.string(),
  cardCompanyCode: z.string(), cardCompanyName: z.string(), cardNo: z.string(), cardType: z.enum(['CREDIT', 'CHECK']),
});

/** `/payment/approval`: an order (`result`) or, for a billing window, a key (`autoPayment`). */
export const approvalResponse = orderResponse.extend({ autoPayment: autoPaymentKey.optional() });
export type ApprovalResponse = z.infer<typeof approvalResponse>;

export const cancelResponse = z.object({
  code: z.number().int(),
  message: z.string(),
  result: z.object({ cancelTradeSeq: z.string().min(1), totalCancelPaymentAmt: amount, remainAmt: amount }).optional(),
});
export type CancelResponse = z.infer<typeof cancelResponse>;

export const depositNotice = z.object({
  sellerKey: z.string().min(1),
  orderNo: z.string().min(1),
  sellerOrderReferenceKey: z.string().min(1),
  paymentMethodCode: z.literal('02'),
  paymentAmt: amount,
  depositorName: z.string(),
  paymentCompletionYn: z.literal('Y'),
});
