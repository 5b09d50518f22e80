/**
 * The fake PAYCO's own reading of PAYCO's "outseller" API (pg-protocols.md §2, PAYCO's sample code
 * `payco_config`/`PaycoUtil`/`AutoPayment_Util`): the paths, the envelope `{code, message, result}`,
 * the codes, the published test keys and the formats of PAYCO's numbers and dates. The connector
 * keeps its own reading in src/connectors/; neither imports the other, so a misreading fails the
 * contract suite instead of matching itself. Facts not found in any source are listed as openimp's
 * guesses in docs/pgs/payco-fake.md.
 */

/** Paths under `https://alpha-api-bill.payco.com` / `https://api-bill.payco.com` (§2.2). */
export const paycoPaths = {
  reserve: '/outseller/order/reserve',
  approval: '/outseller/payment/approval',
  cancel: '/outseller/order/cancel',
  cancelCheck: '/outseller/order/cancel/checkAvailability',
  updateStatus: '/outseller/order/updateOrderProductStatus',
  verify: '/outseller/payment/approval/getDetailForVerify',
  keyCheck: '/outseller/code/checkUsability',
  autoReserve: '/outseller/autoPayment/reserve',
  autoInfo: '/outseller/autoPayment/info',
  autoPayment: '/outseller/autoPayment/payment',
  autoDelete: '/outseller/autoPayment/delete',
  /** openimp's REST vbank (POST /vbanks): PAYCO publishes no server-side account issue (docs/pgs/payco-fake.md). */
  vbankIssue: '/easypay/vbank/issue',
  /** The order sheet the buyer is sent to: `orderSheetUrl` = `{base}/easyLogin/{reserveOrderNo}` (recorded alpha URL shape). */
  orderSheet: '/easyLogin/',
  autoSheet: '/autoPayment/easyLogin/',
  /** The sandbox's deposit page (not PAYCO's). */
  deposit: '/vbank/deposit',
} as const;

/**
 * The published test keys (§2.5): sellerKey `S0FSJE` with cpId `PARTNERTEST` / productId
 * `PROD_EASY`; a seller not registered with the sandbox (or registered without its own) uses them.
 */
export const PAYCO_SANDBOX_CP_ID = 'PARTNERTEST';
export const PAYCO_SANDBOX_PRODUCT_ID = 'PROD_EASY';

/** `paymentMethodCode`s (PAYCO sample: 31 card, 35 transfer, 02 무통장입금, 75-77 coupons, 98 PAYCO points). */
export const paycoMethods = { card: '31', trans: '35', vbank: '02', coupon: '76', point: '98' } as const;
export const paycoMethodNames: Record<string, string> = { '31': '신용카드', '35': '계좌이체', '02': '무통장입금', '76': 'PAYCO 쿠폰', '98': 'PAYCO 포인트' };

/**
 * Codes. 0 (success) and 2222 (the buyer cancelled in the order sheet) are PAYCO's (sample code);
 * every other number is openimp's guess (PAYCO's full code list is not public, §2.6).
 */
export const paycoCodes = {
  success: 0,
  userCancelled: 2222,
  badParam: 1001,
  notAllowedSeller: 1002,
  badProduct: 1003,
  amountMismatch: 1004,
  duplicateOrder: 1005,
  notSupported: 1006,
  noReservation: 2001,
  badCertifyToken: 2002,
  paymentFailed: 3001,
  invalidCard: 3002,
  noOrder: 4001,
  badOrderCertifyKey: 4002,
  cancelImpossible: 4003,
  noAutoPayment: 5001,
  badAutoPaymentCertifyKey: 5002,
  notFound: 9404,
} as const;

/** Card declines at approval: the card company's words (test-cards.ts) after PAYCO's prefix; the codes are guesses. */
export const paycoDeclines = {
  insufficient_funds: { code: 3101, msg: '카드사 승인 거절 (잔액부족)' },
  limit_exceeded: { code: 3102, msg: '카드사 승인 거절 (한도초과)' },
  expired: { code: 3103, msg: '카드사 승인 거절 (유효기간경과)' },
  lost_or_stolen: { code: 3104, msg: '카드사 승인 거절 (분실/도난카드)' },
  generic: { code: 3109, msg: '카드사 승인 거절 (거래거절)' },
} as const;

/**
 * PAYCO's card company codes (`cardCompanyCode`, recorded `CCCT` 씨티카드; the other `CC..` codes as
 * merchant code maps them) by the KFTC code the sandbox test cards carry.
 */
export const paycoCardCodes: Record<string, string> = {
  '361': 'CCBC', '364': 'CCKJ', '365': 'CCSS', '366': 'CCLG', '367': 'CCDI', '368': 'CCLO', '369': 'CCSU', '370': 'CCCT',
  '371': 'CCNH', '372': 'CCJB', '373': 'CCCJ', '374': 'CCHN', '381': 'CCKM', '041': 'CCWR', '002': 'CCKD', '045': 'CCSB',
  '048': 'CCCU', '071': 'CCPO', '089': 'CCKB', '090': 'CCKA',
};

/** `yyyyMMddHHmmss` in KST, PAYCO's date-time format (`tradeYmdt`, `paymentCompleteYmdt`, `cancelYmdt`). */
export function ymdt(sec: number): string {
  return new Date((sec + 9 * 3600) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `yyyyMMdd` or `yyyyMMddHHmmss` (KST) to unix seconds; a bare date means the end of that day. Null when malformed. */
export function parseYmdt(v: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(v);
  if (!m) return null;
  const [y, mo, d, h = '23', mi = '59', s = '59'] = m.slice(1);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d)) return null;
  return ms / 1000 - 9 * 3600;
}

export const isWebUrl = (v: unknown): v is string => {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** A non-negative integer amount (PAYCO's JSON numbers; strings of digits are taken as well, as the samples send some). */
export function amountOf(v: unknown): number | null {
  const n = typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}
