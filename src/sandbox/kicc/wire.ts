/**
 * (The fake PG's own reading of KICC's protocol; the connector keeps its own in src/connectors/,
 * and neither imports the other, so a misreading fails the contract suite instead of matching
 * itself.) KICC EasyPay's online-payment REST API as docs.kicc.co.kr and developer.easypay.co.kr
 * document it (reference §1; docs/pgs/kicc-fake.md lists each fact's source and openimp's guesses):
 * JSON `POST`s, `resCd` "0000" = success, `pgCno` = KICC's transaction number, `shopTransactionId`
 * = the merchant's idempotency key, `msgAuthValue` = hex HMAC-SHA256 with the mall's secret key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeclineReason } from '../test-cards.ts';

/**
 * The secret key of a mall registered without one. KICC publishes none (its sandbox form issues
 * one per test MID); `easypay!KICCTEST` is the default two public integrations ship (reference §1.5).
 */
export const KICC_SANDBOX_KEY = 'easypay!KICCTEST';

export const kiccPaths = {
  register: '/api/ep9/trades/webpay',
  approval: '/api/ep9/trades/approval',
  batchApproval: '/api/trades/approval/batch',
  removeBatchKey: '/api/trades/removeBatchKey',
  revise: '/api/trades/revise',
  retrieve: '/api/trades/retrieveTransaction',
  /** openimp's REST vbank (gateway `POST /vbanks`): KICC documents none (docs/differences.md). */
  vbankIssue: '/api/trades/vbank/issue',
  /** The sandbox deposit page (not KICC's). */
  deposit: '/vbank/deposit',
} as const;

/** `payMethodTypeCode` (register-tx "Payment Method Codes"; 81 = billing-key window). */
export const kiccMethods = { any: '00', card: '11', trans: '21', vbank: '22', phone: '31', billing: '81' } as const;

/** `reviseTypeCode` of `POST /api/trades/revise` (reference §1.3). */
export const reviseTypes = {
  cancelFull: '40', cancelCardPart: '32', cancelBankPart: '33', refundFull: '60', refundPart: '62', refundNow: '63', escrow: '61',
} as const;

/** `resCd`s. Only "0000" (and the notification's "5001") are documented; the rest are openimp's guesses. */
export const kiccCodes = {
  success: '0000',
  userCancelled: 'W002',
  windowFailed: 'W003',
  badParam: 'R101',
  badMall: 'R102',
  badAuth: 'R103',
  badDate: 'R104',
  badAuthorization: 'R105',
  duplicateOrder: 'R106',
  idempotencyConflict: 'R107',
  unknownKey: 'R108',
  invalidCard: 'C110',
  noTx: 'R201',
  overCancel: 'R202',
  nothingLeft: 'R203',
  remainMismatch: 'R204',
  badCancelTaxFree: 'R205',
  notPaid: 'R206',
  wrongReviseType: 'R207',
  badRefundAccount: 'R208',
  notEscrow: 'R209',
  notFound: 'R301',
  outOfWindow: 'R302',
} as const;

export const kiccDeclines: Record<DeclineReason, { code: string; msg: string }> = {
  insufficient_funds: { code: 'C101', msg: '[카드사] 잔액부족' },
  limit_exceeded: { code: 'C102', msg: '[카드사] 한도초과' },
  expired: { code: 'C103', msg: '[카드사] 유효기간경과' },
  lost_or_stolen: { code: 'C104', msg: '[카드사] 분실/도난카드' },
  generic: { code: 'C109', msg: '[카드사] 거래거절' },
};

/** `statusCode` + `statusMessage` of a trade: TS02/TS03/TS06 are recorded answers [REC], TS01 미승인 is in a 3P summary; TS01 for an unpaid account is a guess. */
export const kiccStatus = {
  notApproved: ['TS01', '미승인'],
  waitingDeposit: ['TS01', '미승인(입금대기)'],
  cancelled: ['TS02', '승인취소'],
  approved: ['TS03', '매입요청'],
  partCancelled: ['TS06', '부분매입취소'],
} as const satisfies Record<string, readonly [string, string]>;

/** `notiType` of a notification (webhook page). */
export const notiTypes = { approval: '10', change: '20', deposit: '30', depositCancel: '31', escrow: '40', refunded: '50' } as const;

/** The sandbox's KFTC card company codes (test-cards.ts) as KICC codes them: issuer codes of recorded answers (026 BC, 047 Lotte) and the VAN table they belong to. */
export const kiccCardCodes: Record<string, { code: string; issuer: string; acquirer: string }> = {
  '361': { code: '026', issuer: 'BC카드', acquirer: '비씨카드사' },
  '381': { code: '016', issuer: 'KB국민카드', acquirer: 'KB국민카드사' },
  '374': { code: '006', issuer: '하나카드', acquirer: '하나카드사' },
  '371': { code: '018', issuer: 'NH농협카드', acquirer: 'NH농협카드사' },
  '367': { code: '027', issuer: '현대카드', acquirer: '현대카드사' },
  '366': { code: '029', issuer: '신한카드', acquirer: '신한카드사' },
  '365': { code: '031', issuer: '삼성카드', acquirer: '삼성카드사' },
  '368': { code: '047', issuer: '롯데카드', acquirer: '롯데카드사' },
};
/** KICC card code -> the sandbox's KFTC code. */
export const sandboxCardCode = (kiccCode: string): string | null =>
  Object.entries(kiccCardCodes).find(([, v]) => v.code === kiccCode)?.[0] ?? null;

/** `msgAuthValue`: lowercase hex HMAC-SHA256 of the parts joined by "|" (reference §1.4, [REC] hex). */
export const kiccMac = (key: string, parts: (string | number)[]): string => createHmac('sha256', key).update(parts.join('|'), 'utf8').digest('hex');

export function macMatches(given: unknown, key: string, parts: (string | number)[]): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(kiccMac(key, parts));
  return a.length === b.length && timingSafeEqual(a, b);
}

const kstIso = (sec: number): string => new Date((sec + 9 * 3600) * 1000).toISOString();
/** yyyyMMdd in Korea (request dates, `transactionDate` of a lookup). */
export const kstDate = (sec: number): string => kstIso(sec).slice(0, 10).replaceAll('-', '');
/** yyyyMMddHHmmss in Korea (`transactionDate`, `approvalDate`). */
export const kstDateTime = (sec: number): string => kstIso(sec).slice(0, 19).replace(/[-T:]/g, '');

/**
 * A request date KICC takes: today in Korea ("must use the current date"); yesterday only in the
 * first ten minutes after midnight, for a request built just before it (openimp's guess).
 */
export function isCurrentDate(v: unknown, now: number): boolean {
  return typeof v === 'string' && (v === kstDate(now) || (v === kstDate(now - 600) && kstDate(now - 600) !== kstDate(now)));
}
