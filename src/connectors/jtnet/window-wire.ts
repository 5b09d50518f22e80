/**
 * JTNet's payment-window protocol as openimp models it (TPay-style, see README.md): the browser
 * POSTs the start fields to `/window/pay`, the PG POSTs its result to `returnUrl`, and the merchant
 * confirms server-to-server with `/api/window/approve`. Vbank deposits are POSTed to `notifyUrl`.
 * Start fields and notifications carry a SHA-256 of their key fields and the merchant key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The merchant key of sandbox MIDs when the channel has no secret (documented in README.md). */
export const JTNET_SANDBOX_KEY = 'tpay-sandbox-merchant-key';

export const jtnetWindowPaths = {
  pay: '/window/pay',
  page: (sid: string) => `/window/${encodeURIComponent(sid)}`,
  submit: (sid: string) => `/window/${encodeURIComponent(sid)}/submit`,
  approve: '/api/window/approve',
  deposit: '/vbank/deposit',
} as const;

/** TPay `payMethod` names for our pay methods. */
export const jtnetPayMethods = { card: 'CARD', trans: 'BANK', vbank: 'VBANK', phone: 'CELLPHONE' } as const;

export const jtnetWindowResults = {
  authenticated: { code: '0000', msg: '인증 성공' },
  userCancelled: { code: 'W001', msg: '사용자가 결제를 취소했습니다' },
  authDeclined: { code: 'W002', msg: '인증 실패' },
  badToken: { code: 'W003', msg: '인증 정보가 없거나 주문과 맞지 않습니다' },
  badSignature: { code: 'W004', msg: '위변조 검증 실패 (encData)' },
  transferApproved: { code: '4000', msg: '계좌이체 성공' },
  vbankIssued: { code: '4100', msg: '가상계좌 발급 성공' },
  vbankDeposited: { code: '4110', msg: '가상계좌 입금 완료' },
  phoneApproved: { code: 'A000', msg: '휴대폰 결제 성공' },
  billKeyIssued: { code: 'F100', msg: '빌키 발급 성공' },
} as const;

export type WindowStartFields = Record<
  'mid' | 'moid' | 'amt' | 'taxFreeAmt' | 'goodsNm' | 'payMethod' | 'billing' | 'buyerName' | 'buyerEmail' | 'buyerTel'
  | 'returnUrl' | 'notifyUrl' | 'cardCodes' | 'cardQuota' | 'vbankExpDate' | 'device' | 'lang' | 'encData',
  string
>;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** `encData` of the start fields: the amount cannot be changed in the browser without the key. */
export const startSignature = (f: { mid: string; moid: string; amt: string; billing: string }, key: string): string =>
  sha256(f.mid + f.moid + f.amt + f.billing + key);

/** `encData` of openimp's REST vbank issue (`/api/vbank/issue`), signed like the window start. */
export const vbankIssueSignature = (f: { mid: string; moid: string; amt: string; vbankBankCd: string; vbankExpDate: string }, key: string): string =>
  sha256(f.mid + f.moid + f.amt + f.vbankBankCd + f.vbankExpDate + key);

/** `sign` of a notification. */
export const notifySignature = (f: { mid: string; tid: string; moid: string; amt: string; resultCd: string }, key: string): string =>
  sha256(f.mid + f.tid + f.moid + f.amt + f.resultCd + key);

const digits = z.string().regex(/^[0-9]+$/);

/** Answer of `/api/window/approve`; which fields appear depends on `resultCd`. */
export const windowApproveResponse = z.object({
  resultCd: z.string().min(1),
  resultMsg: z.string(),
  payMethod: z.enum(['CARD', 'BANK', 'VBANK', 'CELLPHONE']).optional(),
  tid: z.string().min(1).optional(),
  moid: z.string().optional(),
  amt: digits.optional(),
  authCd: z.string().optional(),
  authDate: z.string().optional(),
  receiptUrl: z.string().optional(),
  cardCd: z.string().optional(),
  cardNm: z.string().optional(),
  cardNo: z.string().optional(),
  cardType: z.enum(['0', '1']).optional(),
  cardQuota: z.string().optional(),
  bankCd: z.string().optional(),
  bankNm: z.string().optional(),
  vbankBankCd: z.string().optional(),
  vbankBankNm: z.string().optional(),
  vbankNum: z.string().optional(),
  vbankHolder: z.string().optional(),
  /** Unix seconds. */
  vbankExpDate: digits.optional(),
  billKey: z.string().optional(),
  buyerEmail: z.string().optional(),
  /** The initial charge of a billing window (amt > 0): its own result. */
  payResultCd: z.string().optional(),
  payResultMsg: z.string().optional(),
});
export type WindowApproveResponse = z.infer<typeof windowApproveResponse>;

/** A vbank deposit notification, form-urlencoded. */
export const depositNotification = z.object({
  mid: z.string().min(1),
  tid: z.string().min(1),
  moid: z.string().min(1),
  amt: digits,
  resultCd: z.string(),
  resultMsg: z.string().optional(),
  payMethod: z.literal('VBANK'),
  depositorName: z.string().optional(),
  sign: z.string().regex(/^[0-9a-f]{64}$/),
});
