/** The V1 payment object (PaymentAnnotation, reference §2): every key present, null where n/a. */
import { toWireAmount, type Currency } from '../../core/money.ts';
import type { CancelEntry, Payment } from '../../core/payment.ts';
import type { Paged } from '../../app/find-payments.ts';

// PaymentCancelAnnotation requires pg_tid and reason as strings (SPEC): '' when there is none.
const cancelView = (c: CancelEntry, currency: Currency) => ({
  pg_tid: c.pgTid ?? '',
  amount: toWireAmount(c.amount, currency),
  cancelled_at: c.cancelledAt,
  reason: c.reason ?? '',
  cancellation_id: c.cancellationId,
  receipt_url: c.receiptUrl,
});

/** No closure of its own per call: under `npm start` tsx would also name each (a defineProperty per read). */
export function paymentView(p: Payment) {
  return {
    imp_uid: p.impUid,
    merchant_uid: p.merchantUid,
    pay_method: p.payMethod,
    channel: p.channel,
    pg_provider: p.pgProvider,
    emb_pg_provider: p.embPgProvider,
    pg_tid: p.pgTid,
    pg_id: p.pgId,
    escrow: p.escrow,
    apply_num: p.applyNum,
    bank_code: p.bankCode,
    bank_name: p.bankName,
    card_code: p.cardCode,
    card_name: p.cardName,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_quota: p.cardQuota,
    card_number: p.cardNumber,
    card_type: p.cardType,
    vbank_code: p.vbankCode,
    vbank_name: p.vbankName,
    vbank_num: p.vbankNum,
    vbank_holder: p.vbankHolder,
    vbank_date: p.vbankDate,
    vbank_issued_at: p.vbankIssuedAt,
    name: p.name,
    amount: toWireAmount(p.amount, p.currency),
    cancel_amount: toWireAmount(p.cancelAmount, p.currency),
    currency: p.currency,
    buyer_name: p.buyerName,
    buyer_email: p.buyerEmail,
    buyer_tel: p.buyerTel,
    buyer_addr: p.buyerAddr,
    buyer_postcode: p.buyerPostcode,
    custom_data: p.customData,
    user_agent: p.userAgent,
    status: p.status,
    started_at: p.startedAt,
    paid_at: p.paidAt,
    failed_at: p.failedAt,
    cancelled_at: p.cancelledAt,
    fail_reason: p.failReason,
    cancel_reason: p.cancelReason,
    receipt_url: p.receiptUrl,
    cancel_history: p.cancelHistory.map((c) => cancelView(c, p.currency)),
    // Deposits to fixed unlimited vbanks and PG promotions do not exist here; the keys are kept
    // because clients expect every key of the spec's PaymentAnnotation (reference §2).
    deposit_history: [],
    promotion: null,
    cancel_receipt_urls: p.cancelHistory.map((c) => c.receiptUrl).filter((u): u is string => u !== null),
    cash_receipt_issued: p.cashReceiptIssued,
    customer_uid: p.customerUid,
    customer_uid_usage: p.customerUidUsage,
    sandbox: p.sandbox,
  };
}

export type PaymentView = ReturnType<typeof paymentView>;

export const pagedView = (p: Paged) => ({ total: p.total, previous: p.previous, next: p.next, list: p.list.map(paymentView) });
