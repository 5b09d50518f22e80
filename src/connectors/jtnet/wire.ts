/**
 * The JTNet (TPay) wire protocol as openimp models it. JTNet closed in 2023 and its API documents are
 * gone, so this is a plausible TPay-style protocol (see README.md): form-urlencoded POSTs, JSON answers
 * of strings, `resultCd`/`resultMsg` on every answer, amounts as KRW digit strings.
 * Both the connector and the simulator use these names, so they cannot drift apart.
 */
import { z } from 'zod';

export const jtnetPaths = {
  keyinPay: '/api/keyin/pay',
  billingIssue: '/api/billing/issue',
  billingPay: '/api/billing/pay',
  cancel: '/api/cancel',
  /** openimp's REST vbank (POST /vbanks); the repo's JTNet wire has none (docs/differences.md). */
  vbankIssue: '/api/vbank/issue',
  /** GET with `?mid=&api_key=`; our order id is the PG's `moid`. */
  transaction: (moid: string) => `/api/transactions/${encodeURIComponent(moid)}`,
  receipt: (tid: string) => `/receipt/${encodeURIComponent(tid)}`,
} as const;

/**
 * A sandbox channel saved without its own api_key / cancel password uses the test MID's published
 * ones (pg-protocols.md §3.5). Every server API call carries `api_key`; a cancel also `cancel_pw`.
 */
export const JTNET_SANDBOX_API_KEY = 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==';
export const JTNET_SANDBOX_CANCEL_PASSWORD = '123456';

/** Every result code the PG answers, with its message. */
export const jtnetResults = {
  approved: { code: '3001', msg: '카드 결제 성공' },
  cancelled: { code: '2001', msg: '취소 성공' },
  issued: { code: '0000', msg: '빌키 발급 성공' },
  found: { code: '0000', msg: '조회 성공' },
  // Request rejected before any transaction exists.
  badMid: { code: 'E001', msg: '가맹점 아이디(MID) 오류' },
  badAmount: { code: 'E002', msg: '결제 금액 오류' },
  badParam: { code: 'E003', msg: '필수 파라미터 누락 또는 형식 오류' },
  badQuota: { code: 'E004', msg: '할부 개월수 오류 (할부는 5만원 이상)' },
  badTaxFree: { code: 'E005', msg: '면세 금액 오류' },
  authFailed: { code: 'E010', msg: 'API 키(api_key) 인증 실패' },
  duplicateOrder: { code: 'E101', msg: '이미 승인된 주문번호 (금액 상이)' },
  // The card data itself is refused: no transaction.
  badExpiry: { code: 'F112', msg: '거래거절 유효기간오류' },
  badCardNo: { code: 'F113', msg: '거래거절 카드번호틀림' },
  // Card company declines: recorded as declined transactions.
  insufficientFunds: { code: 'F121', msg: '잔액부족' },
  limitExceeded: { code: 'F122', msg: '한도초과' },
  expiredCard: { code: 'F123', msg: '유효기간경과' },
  lostOrStolen: { code: 'F124', msg: '분실/도난카드' },
  genericDecline: { code: 'F129', msg: '거래거절' },
  unknownBillKey: { code: 'F301', msg: '등록되지 않은 빌키' },
  // Cancels.
  overCancel: { code: 'C001', msg: '취소 금액이 잔액을 초과합니다' },
  noTransaction: { code: 'C002', msg: '원거래가 존재하지 않습니다' },
  alreadyCancelled: { code: 'C003', msg: '이미 전액 취소된 거래입니다' },
  wrongCancelKind: { code: 'C004', msg: '전체취소 금액이 잔액과 다릅니다' },
  badCancelTaxFree: { code: 'C005', msg: '면세 취소 금액 오류' },
  notApproved: { code: 'C006', msg: '승인되지 않은 거래는 취소할 수 없습니다' },
  badCancelPassword: { code: 'C010', msg: '취소 비밀번호(cancel_pw) 오류' },
  // Lookups.
  notFound: { code: 'T001', msg: '거래내역 없음' },
  noRoute: { code: 'E404', msg: '지원하지 않는 요청' },
} as const;

/** Codes for which the PG refused the card data itself (V1: code -1, no payment). */
export const invalidCardCodes: readonly string[] = [jtnetResults.badExpiry.code, jtnetResults.badCardNo.code];

/** `partialCancelCode`: '0' cancels the whole remaining balance, '1' a part of it. */
export type PartialCancelCode = '0' | '1';

type Fields<K extends string> = Record<K, string>;
type OrderFields = Fields<'mid' | 'api_key' | 'moid' | 'amt' | 'taxFreeAmt' | 'goodsNm' | 'buyerName' | 'buyerEmail' | 'buyerTel' | 'cardQuota'>;
type CardFields = Fields<'cardNo' | 'expYY' | 'expMM' | 'idNo' | 'cardPw'>;

export type KeyinPayForm = OrderFields & CardFields;
export type BillingIssueForm = Fields<'mid' | 'api_key' | 'buyerName' | 'buyerEmail' | 'buyerTel'> & CardFields;
export type BillingPayForm = OrderFields & Fields<'billKey' | 'buyerIp'>;
export type CancelForm = Fields<'mid' | 'api_key' | 'cancel_pw' | 'tid' | 'moid' | 'cancelAmt' | 'taxFreeAmt' | 'cancelMsg'> & { partialCancelCode: PartialCancelCode };

const digits = z.string().regex(/^[0-9]+$/);
const result = { resultCd: z.string().min(1), resultMsg: z.string() };
/** Card facts on approvals and issuance; `cardNo` is masked by the PG. */
const card = {
  cardCd: z.string().optional(),
  cardNm: z.string().optional(),
  cardNo: z.string().optional(),
  cardType: z.enum(['0', '1']).optional(),
};

/** Answer of keyin/pay and billing/pay. */
export const payResponse = z.object({
  ...result,
  ...card,
  tid: z.string().min(1).optional(),
  moid: z.string().optional(),
  amt: digits.optional(),
  authCd: z.string().optional(),
  authDate: z.string().optional(),
  cardQuota: z.string().optional(),
  receiptUrl: z.string().optional(),
});
export type PayResponse = z.infer<typeof payResponse>;

export const billingIssueResponse = z.object({ ...result, ...card, billKey: z.string().min(1).optional() });
export type BillingIssueResponse = z.infer<typeof billingIssueResponse>;

export const cancelResponse = z.object({
  ...result,
  tid: z.string().optional(),
  cancelTid: z.string().min(1).optional(),
  cancelAmt: digits.optional(),
  remainAmt: digits.optional(),
  cancelDate: z.string().optional(),
  receiptUrl: z.string().optional(),
});
export type CancelResponse = z.infer<typeof cancelResponse>;

/** `stateCd` of a looked-up transaction. */
export const jtnetStates = { approved: '0', cancelled: '1', partCancelled: '2', declined: '3', vbankWaiting: '4' } as const;

export const transactionResponse = z.object({
  ...result,
  ...card,
  stateCd: z.enum(['0', '1', '2', '3', '4']).optional(),
  /** Window payments only: CARD, BANK, VBANK or CELLPHONE. */
  payMethod: z.string().optional(),
  tid: z.string().optional(),
  moid: z.string().optional(),
  amt: digits.optional(),
  remainAmt: digits.optional(),
  /** The original approval's result, which `resultCd` (the lookup's own result) does not carry. */
  payResultCd: z.string().optional(),
  payResultMsg: z.string().optional(),
  authCd: z.string().optional(),
  authDate: z.string().optional(),
  receiptUrl: z.string().optional(),
  /** The transaction's cancels, oldest first. */
  cancelList: z.array(z.object({ cancelTid: z.string().min(1), cancelAmt: digits, cancelDate: z.string() })).optional(),
});
export type TransactionResponse = z.infer<typeof transactionResponse>;
