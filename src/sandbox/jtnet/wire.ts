/**
 * (The fake PG's own reading of JTNet's protocol; the connector keeps its own in src/connectors/, and
 * neither imports the other, so a misreading fails the contract suite instead of matching itself.)
 * JTNet tPay as its public material describes it (../shared/reference/pg-protocols.md §3): the
 * `webTxInit` window with its result posted to `returnUrl` and acknowledged at `resultConfirm`, and
 * the server API under `/api/v1/` (form-urlencoded requests, JSON answers of strings with `result_cd`
 * and `result_msg`). Facts no public source fixes are openimp's guesses, listed in docs/pgs/jtnet-fake.md.
 */

export const jtnetPaths = {
  /** The payment window: the merchant's page POSTs the form here (JTNet sample `payActionUrl/webTxInit`). */
  webTxInit: '/webTxInit',
  /** The merchant acknowledges a window result: `tid`, `result`="000" (sample `ResultConfirm::send`). */
  resultConfirm: '/resultConfirm',
  keyin: '/api/v1/payments',
  genBillkey: '/api/v1/gen_billkey',
  paymentsToken: '/api/v1/payments_token',
  delBillkey: '/api/v1/del_billkey',
  refunds: '/api/v1/refunds',
  /** The API's result acknowledgement after a cancel or a billing charge (3P Go code). */
  apiResultConfirm: '/api/v1/result_confirm',
  /** openimp's REST vbank (POST /vbanks of the gateway): no such public tPay call; openimp's, in the API's style. */
  vbankIssue: '/api/v1/vbank_issue',
  /** The sandbox's own deposit page for an issued account (not tPay's). */
  deposit: '/vbank/deposit',
} as const;

/** Window `payMethod` values (sample `payMethod` select); `CDBILLRG` is the sample's 신용카드자동결제 (billing). */
export const jtnetPayMethods = { card: 'CARD', trans: 'BANK', vbank: 'VBANK', phone: 'CELLPHONE' } as const;
export const BILLING_PAY_METHOD = 'CDBILLRG';

/**
 * Published test credentials (pg-protocols.md §3.5): a MID that was not registered with the sandbox
 * uses these, like the test MIDs at tPay. `merchantKey` encrypts the window, `apiKey` authenticates the
 * server API, `cancelPw` cancels. The billing MID's published KEY serves as both keys (as in 3P code).
 */
export const jtnetTestMerchants: Record<string, { merchantKey: string; apiKey: string; cancelPw: string }> = {
  tpaytest0m: {
    merchantKey: 'VXFVMIZGqUJx29I/k52vMM8XG4hizkNfiapAkHHFxq0RwFzPit55D3J3sAeFSrLuOnLNVCIsXXkcBfYK1wv8kQ==',
    apiKey: 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==',
    cancelPw: '123456',
  },
  tpaytest2m: {
    merchantKey: 'coqTx/Taxu9W6dlKPhFuciagoVXr/14ezgoK9+qJCf4bBuo23iRGGWHS4rHIuOSgZ6I/uizX39W/NygDplUYOA==',
    apiKey: 'coqTx/Taxu9W6dlKPhFuciagoVXr/14ezgoK9+qJCf4bBuo23iRGGWHS4rHIuOSgZ6I/uizX39W/NygDplUYOA==',
    cancelPw: '123456',
  },
};
/** What any other unregistered MID gets: the first sample MID's credentials. */
export const jtnetDefaultTestMerchant = jtnetTestMerchants.tpaytest0m!;

type Code = { code: string; msg: string };

/** Window result codes (`resultCd`). 3001 and 4000 are used by integrators; the rest are openimp's guesses. */
export const jtnetWindowCodes = {
  cardApproved: { code: '3001', msg: '카드 결제 성공' },
  bankApproved: { code: '4000', msg: '계좌이체 결제 성공' },
  vbankIssued: { code: '4100', msg: '가상계좌 발급 성공' },
  phoneApproved: { code: 'A000', msg: '휴대폰 결제 성공' },
  billKeyIssued: { code: '0000', msg: '자동결제 카드 등록 성공' },
  vbankDeposited: { code: '4110', msg: '가상계좌 입금 완료' },
  userCancelled: { code: '9001', msg: '사용자가 결제를 취소했습니다' },
  authFailed: { code: '9002', msg: '카드사 인증 실패' },
  systemError: { code: '9999', msg: '시스템 오류' },
} as const satisfies Record<string, Code>;

/**
 * Server API codes (`result_cd`). `0000` (keys, key charges) and `2001` (cancel) are used by
 * integrators, `2013` is accepted by one as a cancel outcome (here: nothing left to cancel);
 * every refusal code is openimp's guess.
 */
export const jtnetApiCodes = {
  ok: { code: '0000', msg: '정상 처리' },
  cancelled: { code: '2001', msg: '취소 성공' },
  alreadyCancelled: { code: '2013', msg: '이미 취소된 거래' },
  badMid: { code: 'E001', msg: '가맹점 아이디(mid) 오류' },
  badAmount: { code: 'E002', msg: '결제 금액 오류' },
  badParam: { code: 'E003', msg: '필수 파라미터 누락 또는 형식 오류' },
  badQuota: { code: 'E004', msg: '할부 개월수 오류 (할부는 5만원 이상)' },
  badApiKey: { code: 'E010', msg: 'api_key 인증 실패' },
  duplicateOrder: { code: 'E101', msg: '이미 승인된 주문번호 (금액 상이)' },
  badExpiry: { code: 'F112', msg: '거래거절 유효기간오류' },
  badCardNo: { code: 'F113', msg: '거래거절 카드번호틀림' },
  badCardAuth: { code: 'F114', msg: '비밀번호 또는 생년월일/사업자번호 형식 오류' },
  unknownToken: { code: 'F301', msg: '등록되지 않은 card_token' },
  overCancel: { code: 'C001', msg: '취소 금액이 잔액을 초과합니다' },
  noTransaction: { code: 'C002', msg: '원거래가 존재하지 않습니다' },
  notFullBalance: { code: 'C004', msg: '전체취소 금액이 잔액과 다릅니다' },
  notApproved: { code: 'C006', msg: '승인되지 않은 거래는 취소할 수 없습니다' },
  badCancelPw: { code: 'C010', msg: '취소 비밀번호(cancel_pw) 오류' },
  noRoute: { code: 'E404', msg: '지원하지 않는 요청' },
} as const satisfies Record<string, Code>;

/** Card-company declines, the same codes on the window result and the API (openimp's guesses). */
export const jtnetDeclines = {
  insufficient_funds: { code: 'F121', msg: '잔액부족' },
  limit_exceeded: { code: 'F122', msg: '한도초과' },
  expired: { code: 'F123', msg: '유효기간경과' },
  lost_or_stolen: { code: 'F124', msg: '분실/도난카드' },
  generic: { code: 'F129', msg: '거래거절' },
} as const satisfies Record<string, Code>;

/** `stateCd` of a window result: 0 approved (openimp's guess, after the field's name). */
export const STATE_APPROVED = '0';
