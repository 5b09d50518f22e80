/**
 * (The fake PG's own reading of this protocol; the connector keeps its own in src/connectors/, and
 * neither imports the other, so a misreading fails the contract suite instead of matching itself.)
 * The KICC (EasyPay) wire as openimp models it: EasyPay-style JSON APIs (`resCd` "0000" = success,
 * `resMsg`, `pgCno` = KICC's transaction number), a web-pay window posted from the browser, and a
 * POST back to `returnUrl` with an `authorizationId` that the merchant approves server-to-server.
 * Requests that move money carry `msgAuthValue` = HMAC-SHA256(merchant key, key fields).
 */
import { createHmac } from 'node:crypto';
import type { DeclineReason } from '../test-cards.ts';

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

export const kiccDeclines: Record<DeclineReason, { code: string; msg: string }> = {
  insufficient_funds: { code: 'C101', msg: '[카드사] 잔액부족' },
  limit_exceeded: { code: 'C102', msg: '[카드사] 한도초과' },
  expired: { code: 'C103', msg: '[카드사] 유효기간경과' },
  lost_or_stolen: { code: 'C104', msg: '[카드사] 분실/도난카드' },
  generic: { code: 'C109', msg: '[카드사] 거래거절' },
};

/** `statusCode` of a transaction. */
export const kiccStatus = { approved: 'TS03', waitingDeposit: 'TS01', cancelled: 'TS05', partCancelled: 'TS06', declined: 'TS09' } as const;

export const kiccMac = (key: string, parts: (string | number)[]): string => createHmac('sha256', key).update(parts.join('|'), 'utf8').digest('hex');
