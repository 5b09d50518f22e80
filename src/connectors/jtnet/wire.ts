/**
 * tPay's server API (pg-protocols.md §3.2, §3.4): form-urlencoded POSTs under `/api/v1/`, JSON answers
 * with `result_cd` / `result_msg`, every call carrying `mid` and its `api_key`. Field names are the
 * ones merchant code integrating the real tPay sends and reads (Go, TypeScript, PHP integrations).
 */
import { z } from 'zod';

export const jtnetApiPaths = {
  keyIn: '/api/v1/payments',
  genBillkey: '/api/v1/gen_billkey',
  chargeBillkey: '/api/v1/payments_token',
  delBillkey: '/api/v1/del_billkey',
  refunds: '/api/v1/refunds',
  /** openimp's REST vbank (POST /vbanks): tPay publishes no such call (docs/pgs/jtnet-fake.md, openimp's choice). */
  vbankIssue: '/api/v1/vbank_issue',
} as const;

/** The published test credentials (pg-protocols.md §3.5), used by a sandbox channel saved without its own. */
export type TestCredentials = { merchantKey: string; apiKey: string; cancelPassword: string };
export const JTNET_TEST_MERCHANT_KEY = 'VXFVMIZGqUJx29I/k52vMM8XG4hizkNfiapAkHHFxq0RwFzPit55D3J3sAeFSrLuOnLNVCIsXXkcBfYK1wv8kQ==';
/** `tpaytest0m`: merchantKey from the sample PHP, api_key and cancel password from a 3P integration. */
const tpaytest0m: TestCredentials = {
  merchantKey: JTNET_TEST_MERCHANT_KEY,
  apiKey: 'hgEY70BdDgoJYVOwj5CHsRDQt5a6IieQLQv+Q2rA6nnW+wXP57fH2ZkvUBJW0c9/eF1Rp5QRZ+qjzJ+Knc8r1A==',
  cancelPassword: '123456',
};
/** `tpaytest2m`, PortOne's billing test MID: one published KEY, used as both keys (the Go integrator sends its merchant key as api_key). */
const portoneKey = 'coqTx/Taxu9W6dlKPhFuciagoVXr/14ezgoK9+qJCf4bBuo23iRGGWHS4rHIuOSgZ6I/uizX39W/NygDplUYOA==';
const tpaytest2m: TestCredentials = { merchantKey: portoneKey, apiKey: portoneKey, cancelPassword: '123456' };
/** Any other sandbox MID without its own credentials takes `tpaytest0m`'s (as the fake JTNet does). */
export const testCredentialsOf = (mid: string): TestCredentials => (mid === 'tpaytest2m' ? tpaytest2m : tpaytest0m);

/** Result codes integrators check (pg-protocols.md §3.4); anything else is a refusal with the PG's message. */
export const jtnetCodes = {
  /** gen_billkey, payments_token, del_billkey (3P Go and TypeScript). */
  ok: '0000',
  /** A card approval (window CARD result; Go re-confirms API charges with it). */
  cardApproved: '3001',
  /**
   * refunds: cancelled (Go, TypeScript); `2211` a transfer refund (Go comment). Not `2013`, which one
   * integrator also accepts: it answers a cancel of what was already cancelled, so taking it as a new
   * cancel would count one refund twice.
   */
  cancelled: ['2001', '2211'],
  /**
   * refunds: already cancelled, a **guess** (docs/pgs/jtnet.md "Unknown outcomes"): the TypeScript
   * integration takes it next to `2001` as "the refund is done" without naming it. Taken only as the
   * answer to a full refund asked again, where "done before" is what it must mean.
   */
  alreadyCancelled: '2013',
} as const;

/**
 * Codes for which the PG refused the card data itself (V1: code -1, no payment). tPay publishes no code
 * table: these are openimp's fake JTNet's codes for a wrong number or expiry (docs/pgs/jtnet.md).
 */
export const jtnetInvalidCardCodes = ['F112', 'F113', 'F114'] as const;

type Form<K extends string> = Record<K, string>;
type Caller = 'mid' | 'api_key';
type Buyer = 'buyer_name' | 'buyer_tel' | 'buyer_email';
export type GenBillkeyForm = Form<Caller | 'card_num' | 'card_exp' | 'card_pwd' | 'buyer_auth_num'>;
export type ChargeBillkeyForm = Form<Caller | Buyer | 'card_token' | 'goods_nm' | 'amt' | 'moid' | 'mall_user_id' | 'batch_div' | 'card_quota'>;
/** Key-in `payments` (the Node integration): the buyer is `buyer_nm`, with `buyer_addr` / `buyer_post_no`. */
export type KeyInForm = Form<Caller | 'buyer_nm' | 'buyer_tel' | 'buyer_email' | 'buyer_addr' | 'buyer_post_no' | 'goods_nm' | 'amt' | 'moid' | 'mall_user_id' | 'card_num' | 'card_exp' | 'card_pwd' | 'card_quota' | 'card_interest' | 'buyer_auth_num'>;
export type DelBillkeyForm = Form<Caller | 'card_token'>;
/** `partial_cancel`: 0 the whole payment, 1 a part of it (min-chagumsa's parameter comment). */
export type RefundsForm = Form<Caller | 'tid' | 'moid' | 'cancel_pw' | 'cancel_amt' | 'cancel_msg' | 'partial_cancel'>;

/** JSON values may come as numbers or strings; the connector reads strings. */
const text = z.union([z.string(), z.number()]).transform(String);
const result = { result_cd: text, result_msg: text.optional() };

export const genBillkeyAnswer = z.object({ ...result, card_token: text.optional(), card_num: text.optional(), card_code: text.optional(), card_name: text.optional() });
export type GenBillkeyAnswer = z.infer<typeof genBillkeyAnswer>;

/** payments_token / payments: `paid_amt`, the approval number `app_no`, the card company `app_co` / `app_co_name`. */
export const chargeAnswer = z.object({
  ...result,
  tid: text.optional(), moid: text.optional(), paid_amt: text.optional(), amt: text.optional(),
  app_no: text.optional(), app_co: text.optional(), app_co_name: text.optional(), card_num: text.optional(), app_dt: text.optional(),
});
export type ChargeAnswer = z.infer<typeof chargeAnswer>;

export const plainAnswer = z.object(result);

/**
 * vbank_issue (openimp's call, docs/pgs/jtnet-fake.md): `result_cd 4100` with the account; deposits are
 * reported to `retry_url` like a window's.
 */
export type VbankIssueForm = Form<Caller | 'moid' | 'amt' | 'goods_nm' | 'bank_code' | 'vbank_exp_date' | 'vbank_holder' | 'buyer_name' | 'buyer_email' | 'buyer_tel' | 'retry_url'>;
export const vbankIssueAnswer = z.object({
  ...result, tid: text.optional(), moid: text.optional(), amt: text.optional(), bank_code: text.optional(), bank_name: text.optional(),
  vbank_num: text.optional(), vbank_holder: text.optional(), vbank_exp_date: text.optional(),
});
export type VbankIssueAnswer = z.infer<typeof vbankIssueAnswer>;

/** refunds: `tid` of the cancel, `CancelDate`, `CancelTime`, `PayMethod` (their case as integrators read them). */
export const refundsAnswer = z.object({ ...result, tid: text.optional(), CancelDate: text.optional(), CancelTime: text.optional(), PayMethod: text.optional() });
export type RefundsAnswer = z.infer<typeof refundsAnswer>;
