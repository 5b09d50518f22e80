/**
 * KICC answers recorded from the real API (reference §1.8: an EV-charging backend's comments, code
 * containing "msgAuthValue" id 34100545836; real mallId 05574880, card number masked by KICC).
 * Test data only: the shape (field names, nesting, types) and the codes of KICC's real answers.
 */

/** `POST /api/trades/approval/batch` approved. */
export const recordedBatchApproval = {
  resCd: '0000', resMsg: '단독승인 정상', mallId: '05574880', pgCno: '23110811420910846419',
  shopTransactionId: 'refund-231108-tr-1699411332197', shopOrderNo: 'order-refund-231108-tr-1699411332197', amount: 200,
  transactionDate: '20231108114209', statusCode: 'TS03', statusMessage: '매입요청',
  msgAuthValue: '956058e94068075e04713db8d96cb941d5645979fbe61de76f7ebd6fbb892410', escrowUsed: 'N',
  paymentInfo: {
    payMethodTypeCode: '11', approvalNo: '62361024', approvalDate: '20231108114209',
    cardInfo: {
      cardNo: '41918700****383*', issuerCode: '026', issuerName: '하나비씨카드', acquirerCode: '026', acquirerName: '비씨카드사',
      installmentMonth: 0, freeInstallmentTypeCode: '00', cardGubun: 'N', cardBizGubun: 'P', partCancelUsed: 'Y', subCardCd: '526',
      cardMaskNo: '', vanSno: '081122788183', couponAmount: 0,
    },
    cpCode: '', multiCardAmount: '', multiPntAmount: '', multiCponAmount: '',
    bankInfo: { bankCode: '', bankName: '' },
    virtualAccountInfo: { bankCode: '', bankName: '', accountNo: '', depositName: '', expiryDate: '' },
    mobInfo: { authId: '', billId: '', mobileNo: '', mobileAnsimUsed: '', mobileCd: '' },
    prepaidInfo: { billId: '', remainAmount: 0 },
    cashReceiptInfo: { resCd: '', resMsg: '', approvalNo: '', approvalDate: '' },
    basketInfoList: [],
  },
};

const reviseInfo = {
  payMethodTypeCode: '11', approvalNo: '', approvalDate: '20231108113200', cardInfo: { couponAmount: 0 },
  refundInfo: { refundDate: '', depositPgCno: '' }, cashReceiptInfo: { resCd: '', resMsg: '', approvalNo: '', cancelDate: '' },
};

/** `POST /api/trades/revise` part cancel (`32`). */
export const recordedPartCancel = {
  resCd: '0000', resMsg: '정상처리', mallId: '05574880', shopTransactionId: 'refund-231108-tr-1699410722599',
  shopOrderNo: 'order-refund-231108-tr-1699410200113', oriPgCno: '23110811231710805288', cancelPgCno: '23110811320010824029',
  transactionDate: '20231108113200', cancelAmount: 200, remainAmount: 0, statusCode: 'TS06', statusMessage: '부분매입취소', escrowUsed: 'N', reviseInfo,
};

/** `POST /api/trades/revise` full cancel (`40`). */
export const recordedFullCancel = {
  resCd: '0000', resMsg: '정상취소', mallId: '05574880', shopTransactionId: 'refund-231108-tr-1699411243187',
  shopOrderNo: 'order-refund-231108-tr-1699411001991', oriPgCno: '23110811363910834569', cancelPgCno: '23110811404010843120',
  transactionDate: '20231108114040', cancelAmount: 400, remainAmount: 0, statusCode: 'TS02', statusMessage: '승인취소', escrowUsed: 'N',
  reviseInfo: { ...reviseInfo, approvalDate: '20231108114040' },
};

/** An answer's shape: every leaf replaced by its JSON type, arrays by their first element's shape. */
export function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shapeOf(v[0])];
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]));
  return v === null ? 'null' : typeof v;
}
