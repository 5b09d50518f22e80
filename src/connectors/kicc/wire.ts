/**
 * The KICC (EasyPay) wire as openimp models it: EasyPay-style JSON APIs (`resCd` "0000" = success,
 * `resMsg`, `pgCno` = KICC's transaction number), a web-pay window posted from the browser, and a
 * POST back to `returnUrl` with an `authorizationId` that the merchant approves server-to-server.
 * Requests that move money carry `msgAuthValue` = HMAC-SHA256(merchant key, key fields).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
/** The merchant key of sandbox MIDs when the channel has no secret (README.md). */
export const KICC_SANDBOX_KEY = 'kicc-sandbox-secret';

export const kiccPaths = {
  webpay: '/api/ep9/trades/webpay',
  approval: '/api/ep9/trades/approval',
  batchApproval: '/api/trades/approval/batch',
  revise: '/api/trades/revise',
  retrieve: '/api/trades/retrieveTransaction',
  /** openimp's REST vbank (POST /vbanks); KICC's documents in the repo have none (docs/differences.md). */
  vbankIssue: '/api/trades/vbank/issue',
  deposit: '/vbank/deposit',
} as const;

/** KICC `payMethodTypeCode`s; `81` opens the billing-key (batch key) window. */
export const kiccMethods = { card: '11', trans: '21', vbank: '22', phone: '31', billing: '81' } as const;

export const kiccCodes = {
  success: '0000',
  userCancelled: 'W001',
  windowFailed: 'W002',
  badParam: 'E001',
  badAuth: 'E002',
  badToken: 'E003',
  duplicateOrder: 'E005',
  unknownKey: 'E006',
  invalidCard: 'C110',
  noTx: 'R001',
  overCancel: 'R002',
  nothingLeft: 'R003',
  notFullBalance: 'R004',
  badCancelTaxFree: 'R005',
  notPaid: 'R006',
  notFound: 'R404',
} as const;


/** `statusCode` of a transaction. */
export const kiccStatus = { approved: 'TS03', waitingDeposit: 'TS01', cancelled: 'TS05', partCancelled: 'TS06', declined: 'TS09' } as const;

export type WebpayFields = Record<
  'mallId' | 'shopOrderNo' | 'amount' | 'taxFreeAmount' | 'goodsName' | 'payMethodTypeCode' | 'customerName' | 'customerMail'
  | 'customerContactNo' | 'returnUrl' | 'notiUrl' | 'escrowYn' | 'products' | 'cardCode' | 'installmentMonth' | 'enabledCards'
  | 'vbankExpiry' | 'deviceTypeCode' | 'shopName' | 'msgAuthValue',
  string
>;

export const kiccMac = (key: string, parts: (string | number)[]): string => createHmac('sha256', key).update(parts.join('|'), 'utf8').digest('hex');

const amount = z.number().int().nonnegative();
const cardInfo = z.object({ cardNo: z.string(), issuerCode: z.string(), issuerName: z.string(), cardGubun: z.enum(['N', 'Y']), installmentMonth: z.number().int() });

export const tradeResponse = z.object({
  resCd: z.string().min(1),
  resMsg: z.string(),
  pgCno: z.string().min(1).optional(),
  shopOrderNo: z.string().optional(),
  amount: amount.optional(),
  statusCode: z.enum(['TS01', 'TS03', 'TS05', 'TS06', 'TS09']).optional(),
  escrowUsed: z.enum(['Y', 'N']).optional(),
  /** Lookups of a declined approval: its own result (the lookup's `resCd` is the lookup's). */
  declineCd: z.string().optional(),
  declineMsg: z.string().optional(),
  paymentInfo: z.object({
    payMethodTypeCode: z.enum(['11', '21', '22', '31']),
    approvalNo: z.string(),
    cardInfo: cardInfo.optional(),
    bankInfo: z.object({ bankCode: z.string(), bankName: z.string() }).optional(),
    virtualAccountInfo: z.object({ bankCode: z.string(), bankName: z.string(), accountNo: z.string(), depositName: z.string(), expiryDate: z.number().int() }).optional(),
  }).optional(),
  /** Lookups only: the balance left and each revise (cancel) with the shopTransactionId it was sent with. */
  remainAmount: amount.optional(),
  reviseInfoList: z.array(z.object({ cancelPgCno: z.string().min(1), cancelAmount: amount, shopTransactionId: z.string() })).optional(),
  /** A billing window's answer: the batch key and its card, no charge (SEED 002). */
  batchInfo: z.object({ batchKey: z.string().min(1), customerMail: z.string(), cardInfo }).optional(),
});
export type TradeResponse = z.infer<typeof tradeResponse>;

export const reviseResponse = z.object({
  resCd: z.string().min(1),
  resMsg: z.string(),
  reviseInfo: z.object({ cancelPgCno: z.string().min(1), cancelAmount: amount, remainAmount: amount }).optional(),
});
export type ReviseResponse = z.infer<typeof reviseResponse>;

/** A vbank deposit notification (form), `notiType` 30. */
export const depositNoti = z.object({
  resCd: z.literal('0000'),
  notiType: z.literal('30'),
  mallId: z.string().min(1),
  pgCno: z.string().min(1),
  shopOrderNo: z.string().min(1),
  amount: z.string().regex(/^[0-9]+$/),
  depositorName: z.string().optional(),
  msgAuthValue: z.string().regex(/^[0-9a-f]{64}$/),
});

/** What KICC expects back from a notification endpoint. */
export const KICC_NOTI_ACK = 'res_cd=0000^res_msg=SUCCESS';
