/**
 * KICC EasyPay's online-payment REST wire (docs/pgs/kicc.md names the source of every field):
 * JSON over POST, `resCd` "0000" = success, `pgCno` = KICC's transaction number, `shopTransactionId`
 * = the merchant's idempotency key of each call. Responses of approvals carry `msgAuthValue` =
 * HMAC-SHA256(secret key, pgCno|amount|transactionDate) as lowercase hex; revise (cancel) requests
 * carry HMAC-SHA256(secret key, pgCno|shopTransactionId) [3P: the official page was not retrieved].
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** The secret key of sandbox mall ids when the channel has none: the default of two public integrations (KICC publishes none). */
export const KICC_SANDBOX_KEY = 'easypay!KICCTEST';

export const kiccPaths = {
  register: '/api/ep9/trades/webpay',
  approval: '/api/ep9/trades/approval',
  batchApproval: '/api/trades/approval/batch',
  removeBatchKey: '/api/trades/removeBatchKey',
  revise: '/api/trades/revise',
  retrieve: '/api/trades/retrieveTransaction',
  /** openimp's REST virtual account (POST /vbanks): KICC documents none (docs/differences.md). */
  vbankIssue: '/api/trades/vbank/issue',
} as const;

/** `payMethodTypeCode`: `81` opens the billing-key (batch key) window. */
export const kiccMethods = { card: '11', trans: '21', vbank: '22', phone: '31', billing: '81' } as const;

/** `reviseTypeCode` (and the sub code a refund needs). */
export const kiccRevise = {
  full: '40', cardPartial: '32', cashPartial: '33', refundFull: '60', refundPartial: '62', escrow: '61',
  refundSub: 'RF01', escrowShipping: 'ES07',
} as const;

/** `statusCode`s named by the sources; others pass through as text. */
export const kiccStatus = { notApproved: 'TS01', cancelled: 'TS02', purchaseRequested: 'TS03', partCancelled: 'TS06' } as const;

export const KICC_SUCCESS = '0000';
/** openimp's use of KICC's echo field `shopValueInfo.value1` (returned as `shopValue1`): a billing-key window. */
export const KICC_BILLING_WINDOW = 'billing';
/** What KICC expects back from a webhook (docs.kicc.co.kr services/webhook). */
export const KICC_NOTI_ACK = JSON.stringify({ resCd: '0000', resMsg: 'Success' });

export const kiccMac = (key: string, parts: (string | number)[]): string =>
  createHmac('sha256', key).update(parts.join('|'), 'utf8').digest('hex');

/** KICC's dates are Korean dates (yyyyMMdd), whatever the server's zone. */
export const kstDate = (unixSeconds: number): string => kstTime(unixSeconds).slice(0, 8);
/** The connector's clock: the gateway's where it hands one in. */
export const nowOf = (ctx: { now?: () => number }): number => ctx.now?.() ?? Math.floor(Date.now() / 1000);
/** yyyyMMddHHmmss in Korean time. */
export const kstTime = (unixSeconds: number): string => new Date((unixSeconds + 9 * 3600) * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '');

const text = z.string();
const opt = text.optional();
/** Money as KICC sends it: a JSON number (recorded), tolerated as digits. */
const money = z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]+$/).transform(Number)]);

export const registerResponse = z.object({ resCd: text.min(1), resMsg: text, authPageUrl: opt });

const cardInfo = z.object({
  cardNo: opt, issuerCode: opt, issuerName: opt, acquirerCode: opt, acquirerName: opt,
  installmentMonth: z.union([z.number().int(), z.string()]).optional(), cardGubun: opt, cardBizGubun: opt, cardMaskNo: opt,
}).passthrough();

export const paymentInfo = z.object({
  payMethodTypeCode: text,
  approvalNo: opt,
  approvalDate: opt,
  cardInfo: cardInfo.optional(),
  bankInfo: z.object({ bankCode: opt, bankName: opt }).passthrough().optional(),
  virtualAccountInfo: z.object({ bankCode: opt, bankName: opt, accountNo: opt, depositName: opt, expiryDate: opt }).passthrough().optional(),
  mobInfo: z.object({ mobileNo: opt, mobileCd: opt }).passthrough().optional(),
}).passthrough();

/** Approval, batch approval and their lookups (recorded: batch approval, docs/pgs/kicc.md). */
export const approvalResponse = z.object({
  resCd: text.min(1),
  resMsg: text,
  mallId: opt,
  pgCno: opt,
  shopTransactionId: opt,
  shopOrderNo: opt,
  amount: money.optional(),
  transactionDate: opt,
  statusCode: opt,
  statusMessage: opt,
  msgAuthValue: opt,
  escrowUsed: opt,
  paymentInfo: paymentInfo.optional(),
}).passthrough();
export type ApprovalResponse = z.infer<typeof approvalResponse>;

/** Revise (cancel, refund, escrow change) and its lookup (recorded: TS06 partial, TS02 full). */
export const reviseResponse = z.object({
  resCd: text.min(1),
  resMsg: text,
  shopTransactionId: opt,
  shopOrderNo: opt,
  oriPgCno: opt,
  cancelPgCno: opt,
  transactionDate: opt,
  cancelAmount: money.optional(),
  remainAmount: money.optional(),
  statusCode: opt,
  statusMessage: opt,
}).passthrough();
export type ReviseResponse = z.infer<typeof reviseResponse>;

export const removeBatchKeyResponse = z.object({ resCd: text.min(1), resMsg: text }).passthrough();

/**
 * A webhook (JSON). The common part is documented (`resCd`, `resMsg`, `mallId`, `notiType`, `pgCno`);
 * `shopOrderNo`, `amount` and the cancel fields are [3P]/[guess] (docs/pgs/kicc.md).
 */
export const notification = z.object({
  resCd: text,
  resMsg: opt,
  mallId: text.min(1),
  notiType: z.enum(['10', '20', '30', '31', '40', '50']),
  pgCno: text.min(1),
  shopOrderNo: text.min(1),
  amount: money.optional(),
  cancelPgCno: opt,
  cancelAmount: money.optional(),
  depositAmount: money.optional(),
  depositorName: opt,
  paymentInfo: paymentInfo.partial().optional(),
}).passthrough();
export type KiccNotification = z.infer<typeof notification>;
