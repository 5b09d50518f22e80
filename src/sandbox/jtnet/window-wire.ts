/**
 * (The fake PG's own reading of this protocol; the connector keeps its own in src/connectors/, and
 * neither imports the other, so a misreading fails the contract suite instead of matching itself.)
 * JTNet's payment-window protocol as openimp models it (TPay-style, see README.md): the browser
 * POSTs the start fields to `/window/pay`, the PG POSTs its result to `returnUrl`, and the merchant
 * confirms server-to-server with `/api/window/approve`. Vbank deposits are POSTed to `notifyUrl`.
 * Start fields and notifications carry a SHA-256 of their key fields and the merchant key.
 */
import { createHash } from 'node:crypto';

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
