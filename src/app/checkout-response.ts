/**
 * What the browser gets back from a checkout: the callback `rsp` (reference §5.3) and the mobile
 * m_redirect_url query (reference §5.4). Pure mapping from the payment and its session.
 */
import { toWireAmount } from '../core/money.ts';
import type { Payment } from '../core/payment.ts';
import type { CheckoutSession } from '../storage/checkout-sessions.ts';

export type Rsp = Record<string, unknown> & {
  success: boolean;
  imp_success: boolean;
  imp_uid: string | null;
  merchant_uid: string | null;
  error_code?: string;
  error_msg?: string;
};

/** Success means paid, or a virtual account issued and awaiting deposit (reference §5.3 `success`). */
export const isSuccessful = (p: Payment): boolean => p.status === 'paid' || (p.status === 'ready' && p.vbankNum !== null && !p.inFlight);

/** A checkout refused before any attempt existed (pre-validation): imp_uid null (reference §5.3 sample). */
export function rejectedRsp(merchantUid: string | null, errorCode: string, errorMsg: string, requestId: string | null): Rsp {
  return {
    success: false, imp_success: false, imp_uid: null, merchant_uid: merchantUid, error_code: errorCode, error_msg: errorMsg,
    ...(requestId ? { request_id: requestId } : {}),
  };
}

/** The full rsp of an attempt. `failure` overrides (e.g. a result that is still unknown). */
export function rspOf(p: Payment, s: Pick<CheckoutSession, 'errorCode' | 'errorMsg' | 'requestId' | 'billingCustomerUid'>, failure?: { code: string; msg: string }): Rsp {
  const ok = failure === undefined && isSuccessful(p);
  const rsp: Rsp = {
    success: ok,
    imp_success: ok,
    imp_uid: p.impUid,
    merchant_uid: p.merchantUid,
    pay_method: p.payMethod,
    paid_amount: toWireAmount(p.amount, p.currency),
    status: p.status,
    name: p.name,
    currency: p.currency,
    pg_provider: p.pgProvider,
    pg_type: 'payment',
    pg_tid: p.pgTid,
    apply_num: p.applyNum ?? '',
    buyer_name: p.buyerName ?? '',
    buyer_email: p.buyerEmail ?? '',
    buyer_tel: p.buyerTel ?? '',
    buyer_addr: p.buyerAddr ?? '',
    buyer_postcode: p.buyerPostcode ?? '',
    custom_data: p.customData,
    paid_at: p.paidAt,
    receipt_url: p.receiptUrl ?? '',
    card_name: p.cardName,
    card_number: p.cardNumber ?? '',
    card_quota: p.cardQuota,
    bank_name: p.bankName,
  };
  if (p.embPgProvider) rsp.emb_pg_provider = p.embPgProvider;
  if (p.vbankNum !== null) Object.assign(rsp, { vbank_num: p.vbankNum, vbank_name: p.vbankName, vbank_code: p.vbankCode, vbank_holder: p.vbankHolder, vbank_date: p.vbankDate });
  if (s.billingCustomerUid) rsp.customer_uid = s.billingCustomerUid;
  if (s.requestId) rsp.request_id = s.requestId;
  if (!ok) {
    rsp.error_code = failure?.code ?? s.errorCode ?? 'F0005';
    rsp.error_msg = failure?.msg ?? s.errorMsg ?? p.failReason ?? '결제가 완료되지 않았습니다.';
  }
  return rsp;
}

/**
 * m_redirect_url with imp_uid, merchant_uid, imp_success and success (plus error_code/error_msg on
 * failure) appended after any query it already has, before its fragment (reference §5.4).
 */
export function redirectUrlOf(mRedirectUrl: string, rsp: Rsp): string {
  const hashAt = mRedirectUrl.indexOf('#');
  const base = hashAt === -1 ? mRedirectUrl : mRedirectUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : mRedirectUrl.slice(hashAt);
  const q = new URLSearchParams();
  q.set('imp_uid', rsp.imp_uid ?? '');
  q.set('merchant_uid', rsp.merchant_uid ?? '');
  q.set('imp_success', String(rsp.imp_success));
  q.set('success', String(rsp.success));
  if (!rsp.success) {
    q.set('error_code', rsp.error_code ?? '');
    q.set('error_msg', rsp.error_msg ?? '');
  }
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${q.toString()}${hash}`;
}
