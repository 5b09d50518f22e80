/**
 * (The fake PG's own reading of this protocol; the connector keeps its own in src/connectors/, and
 * neither imports the other, so a misreading fails the contract suite instead of matching itself.)
 * The JTNet (TPay) wire protocol as openimp models it. JTNet closed in 2023 and its API documents are
 * gone, so this is a plausible TPay-style protocol (see README.md): form-urlencoded POSTs, JSON answers
 * of strings, `resultCd`/`resultMsg` on every answer, amounts as KRW digit strings.
 * Both the connector and the simulator use these names, so they cannot drift apart.
 */

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
 * What a merchant registered without its own server credentials authenticates with: the test MID's
 * published api_key and cancel password (pg-protocols.md §3.5). Every server API call carries
 * `api_key`; a cancel also `cancel_pw` (§3.3).
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

/** `stateCd` of a looked-up transaction. */
export const jtnetStates = { approved: '0', cancelled: '1', partCancelled: '2', declined: '3', vbankWaiting: '4' } as const;
