/**
 * tPay's payment window (pg-protocols.md §3.2-§3.4, official samples `mainPay.php` / `returnPay.php`):
 * the browser POSTs the `webTxInit` form to the PG, the PG approves inside its window and POSTs its
 * result to `returnUrl` (amt and moid encrypted), the buyer who gives up is sent to `cancelUrl`, and
 * the merchant acknowledges a result it accepted with `POST /resultConfirm {tid, result: "000"}`.
 */
import { z } from 'zod';

export const jtnetWindowPaths = { init: '/webTxInit', resultConfirm: '/resultConfirm' } as const;

/** tPay `payMethod` names (sample mainPay.php) for our pay methods. */
export const jtnetPayMethods = { card: 'CARD', trans: 'BANK', vbank: 'VBANK', phone: 'CELLPHONE' } as const;
export type JtnetPayMethod = (typeof jtnetPayMethods)[keyof typeof jtnetPayMethods];

/**
 * A billing-key window: `payMethod` `CDBILLRG`, the sample form's (commented-out) 신용카드자동결제 option.
 * `amt` 0 registers the card (`0000`, no tid); above 0 it also charges it (`3001` and a tid, or the
 * decline); the key comes back as `cardToken` (SEED 003; the field name is the fake JTNet's reading).
 */
export const BILLING_PAY_METHOD = 'CDBILLRG';

/**
 * `resultCd` of an approval per payMethod. CARD 3001 and BANK 4000 are what integrators check (3P Go);
 * tPay's webTx is NICE's field set, and NICE's codes for the other two (VBANK issued 4100, CELLPHONE
 * A000) are openimp's reading (docs/pgs/jtnet.md).
 */
export const jtnetApprovalCodes: Record<JtnetPayMethod, string> = { CARD: '3001', BANK: '4000', VBANK: '4100', CELLPHONE: 'A000' };

/** The acknowledgement the sample sends for a result it accepted (`ResultConfirm::send($tid, "000")`). */
export const RESULT_CONFIRM_OK = '000';

/** Marker openimp puts on its own `cancelUrl`, so a buyer's cancel is told from a result (openimp's choice). */
export const CANCEL_MARKER = 'jtnet_cancel';

/** `resultCd` of a buyer's cancel inside the window (the fake JTNet's reading; tPay's table is not public). */
export const USER_CANCEL_CODE = '9001';

/**
 * The `webTxInit` form (mainPay.php, payment-popup.blade.php); every value is text. `retryUrl` (재통보,
 * "notify again") is where deposits are reported; `cardCode` (one card company) is the fake JTNet's reading.
 */
export type WebTxInitForm = Record<
  | 'payMethod' | 'transType' | 'goodsName' | 'amt' | 'moid' | 'mid' | 'mallUserId' | 'buyerName' | 'buyerTel' | 'buyerEmail'
  | 'buyerAddr' | 'buyerPostNo' | 'returnUrl' | 'cancelUrl' | 'retryUrl' | 'vbankExpDate' | 'connType' | 'payType' | 'ediDate'
  | 'encryptData' | 'userIp' | 'browserType' | 'mallReserved' | 'resultYn' | 'quotaFixed' | 'cardCode',
  string
>;

/** What the PG POSTs to returnUrl (returnPay.php); `amt` and `moid` are cipher text, the rest plain. */
export const windowResult = z.object({
  payMethod: z.string(),
  mid: z.string(),
  tid: z.string().optional(),
  amt: z.string().min(1),
  moid: z.string().min(1),
  ediDate: z.string().regex(/^[0-9]{14}$/),
  resultCd: z.string().min(1),
  resultMsg: z.string().optional(),
  authDate: z.string().optional(),
  authCode: z.string().optional(),
  /** The card company (CARD) or bank (BANK, VBANK) code and name. */
  fnCd: z.string().optional(),
  fnName: z.string().optional(),
  cardNo: z.string().optional(),
  cardQuota: z.string().optional(),
  vbankNum: z.string().optional(),
  /** `Ymd` (sample getVBankExpDate). */
  vbankExpDate: z.string().optional(),
  buyerEmail: z.string().optional(),
  errorCd: z.string().optional(),
  errorMsg: z.string().optional(),
  cardToken: z.string().optional(),
  /** Deposit reports: the depositor. */
  vbankInputName: z.string().optional(),
});
export type WindowResult = z.infer<typeof windowResult>;
