/**
 * The payment (one V1 attempt, one imp_uid) and its state machine.
 * Statuses move only through `transitions`; `applyTransition` is the one function that changes them
 * and it returns the events to announce (ARCHITECTURE rule 6).
 */
import type { Currency } from './money.ts';

export type PaymentStatus = 'ready' | 'paid' | 'failed' | 'cancelled';
export const paymentStatuses = ['ready', 'paid', 'failed', 'cancelled'] as const satisfies readonly PaymentStatus[];

export type Provider = 'payco' | 'kicc' | 'jtnet' | 'paymentwall';
export const providers = ['payco', 'kicc', 'jtnet', 'paymentwall'] as const satisfies readonly Provider[];
export const isProvider = (v: unknown): v is Provider => typeof v === 'string' && (providers as readonly string[]).includes(v);

export type PayChannel = 'pc' | 'mobile' | 'api';
export type CustomerUidUsage = 'issue' | 'payment' | 'payment.scheduled';

export type CancelEntry = {
  cancellationId: string;
  pgTid: string | null;
  amount: number; // minor units
  taxFree: number;
  reason: string | null;
  cancelledAt: number;
  receiptUrl: string | null;
};

/** Everything V1 shows about a payment, amounts in minor units. Field names follow the V1 wire. */
export type Payment = {
  impUid: string;
  merchantId: number;
  merchantUid: string;
  channelId: number | null;
  payMethod: string;
  channel: PayChannel;
  pgProvider: Provider;
  embPgProvider: string | null;
  pgTid: string | null;
  /** The PG's private reference for later calls (connector `pgRef`), sealed; never shown through the API. */
  pgRefEnc: string | null;
  pgId: string | null;
  sandbox: boolean;
  escrow: boolean;
  applyNum: string | null;
  bankCode: string | null;
  bankName: string | null;
  cardCode: string | null;
  cardName: string | null;
  cardQuota: number;
  cardNumber: string | null;
  cardType: number | null;
  vbankCode: string | null;
  vbankName: string | null;
  vbankNum: string | null;
  vbankHolder: string | null;
  vbankDate: number;
  vbankIssuedAt: number;
  name: string | null;
  currency: Currency;
  amount: number;
  cancelAmount: number;
  taxFree: number;
  buyerName: string | null;
  buyerEmail: string | null;
  buyerTel: string | null;
  buyerAddr: string | null;
  buyerPostcode: string | null;
  customData: string | null;
  userAgent: string | null;
  status: PaymentStatus;
  startedAt: number;
  paidAt: number;
  failedAt: number;
  cancelledAt: number;
  failReason: string | null;
  cancelReason: string | null;
  receiptUrl: string | null;
  cashReceiptIssued: boolean;
  customerUid: string | null;
  customerUidUsage: CustomerUidUsage | null;
  noticeUrls: string[] | null;
  /** True while the PG call for this attempt has no known outcome (in flight or timed out). */
  inFlight: boolean;
  cancelHistory: CancelEntry[];
  updatedAt: number;
};

/** What happened, as reported by a PG or a person. Data carried is applied by `applyTransition`. */
export type PaymentEvent =
  | { type: 'approve'; at: number; pg: ApprovalData }
  | { type: 'issue_vbank'; at: number; pg: ApprovalData }
  | { type: 'deposit'; at: number }
  | { type: 'fail'; at: number; reason: string; notify?: boolean }
  | { type: 'cancel'; at: number; entry: CancelEntry; requestedBy: 'api' | 'console' | 'pg'; enableWebhook?: boolean }
  | { type: 'revoke_vbank'; at: number; reason: string | null };

export type PaymentEventType = PaymentEvent['type'];

/** Fields a PG reports on approval or vbank issuance. */
export type ApprovalData = Partial<Pick<Payment,
  'pgTid' | 'pgRefEnc' | 'applyNum' | 'bankCode' | 'bankName' | 'cardCode' | 'cardName' | 'cardQuota' | 'cardNumber' | 'cardType'
  | 'vbankCode' | 'vbankName' | 'vbankNum' | 'vbankHolder' | 'vbankDate' | 'embPgProvider' | 'receiptUrl' | 'payMethod'>>;

/** The transition table: from which statuses each event may be applied. */
export const transitions: Record<PaymentEventType, readonly PaymentStatus[]> = {
  approve: ['ready', 'failed'], // failed -> paid: Paymentwall's late fraud-review approval (reference §6.4)
  issue_vbank: ['ready'],
  deposit: ['ready'],
  fail: ['ready'],
  cancel: ['paid'],
  revoke_vbank: ['ready'],
};

/**
 * Announcements a transition produces; the outbox turns those with `notify` into V1 webhooks.
 * V1 stays silent on ordinary failures and on API cancels without enable_webhook (reference §4).
 */
export type DomainEvent = { kind: 'payment.paid' | 'payment.ready' | 'payment.failed' | 'payment.cancelled'; impUid: string; merchantUid: string; status: PaymentStatus; notify: boolean; cancellationId?: string };

export type TransitionResult = { ok: true; payment: Payment; events: DomainEvent[] } | { ok: false; from: PaymentStatus; event: PaymentEventType };

export const canApply = (status: PaymentStatus, event: PaymentEventType): boolean => transitions[event].includes(status);

export function applyTransition(p: Payment, e: PaymentEvent): TransitionResult {
  if (!canApply(p.status, e.type)) return { ok: false, from: p.status, event: e.type };
  const base = { ...p, updatedAt: e.at, inFlight: false };
  const announce = (kind: DomainEvent['kind'], next: Payment, extra: Partial<DomainEvent> = {}): TransitionResult => ({
    ok: true,
    payment: next,
    events: [{ kind, impUid: next.impUid, merchantUid: next.merchantUid, status: next.status, notify: true, ...extra }],
  });
  switch (e.type) {
    case 'approve': {
      const next: Payment = { ...base, ...e.pg, status: 'paid', paidAt: e.at, failReason: null };
      return announce('payment.paid', next);
    }
    case 'issue_vbank': {
      const next: Payment = { ...base, ...e.pg, status: 'ready', vbankIssuedAt: e.at };
      return announce('payment.ready', next);
    }
    case 'deposit':
      return announce('payment.paid', { ...base, status: 'paid', paidAt: e.at });
    case 'fail':
      return announce('payment.failed', { ...base, status: 'failed', failedAt: e.at, failReason: e.reason }, { notify: e.notify ?? false });
    case 'cancel': {
      const cancelAmount = p.cancelAmount + e.entry.amount;
      if (e.entry.amount <= 0 || cancelAmount > p.amount) return { ok: false, from: p.status, event: e.type };
      const full = cancelAmount === p.amount;
      const next: Payment = {
        ...base,
        cancelAmount,
        cancelHistory: [...p.cancelHistory, e.entry],
        cancelReason: e.entry.reason ?? p.cancelReason,
        // A partial cancel keeps `paid` (ARCHITECTURE "V1 decisions"); the full balance -> cancelled.
        status: full ? 'cancelled' : 'paid',
        cancelledAt: e.at,
      };
      const notify = e.requestedBy !== 'api' || e.enableWebhook === true;
      return announce('payment.cancelled', next, { cancellationId: e.entry.cancellationId, notify });
    }
    case 'revoke_vbank':
      return announce('payment.cancelled', { ...base, status: 'cancelled', cancelledAt: e.at, cancelReason: e.reason });
  }
}

/** Remaining cancellable balance in minor units. */
export const cancellableAmount = (p: Pick<Payment, 'amount' | 'cancelAmount'>): number => p.amount - p.cancelAmount;

/** Remaining cancellable tax-free part in minor units. */
export const cancellableTaxFree = (p: Pick<Payment, 'taxFree' | 'cancelHistory'>): number =>
  p.taxFree - p.cancelHistory.reduce((s, c) => s + c.taxFree, 0);

/** The timestamp that belongs to a payment's current status (reference §3.1 `/payments/status`). */
export function statusTime(p: Pick<Payment, 'status' | 'startedAt' | 'paidAt' | 'failedAt' | 'cancelledAt'>): number {
  switch (p.status) {
    case 'ready': return p.startedAt;
    case 'paid': return p.paidAt;
    case 'failed': return p.failedAt;
    case 'cancelled': return p.cancelledAt;
  }
}

/** A fresh attempt, before the PG is called. */
export function newPayment(init: Pick<Payment, 'impUid' | 'merchantId' | 'merchantUid' | 'channelId' | 'payMethod' | 'channel' | 'pgProvider' | 'pgId' | 'sandbox' | 'currency' | 'amount' | 'startedAt'> & Partial<Payment>): Payment {
  return {
    embPgProvider: null, pgTid: null, pgRefEnc: null, escrow: false, applyNum: null, bankCode: null, bankName: null,
    cardCode: null, cardName: null, cardQuota: 0, cardNumber: null, cardType: null,
    vbankCode: null, vbankName: null, vbankNum: null, vbankHolder: null, vbankDate: 0, vbankIssuedAt: 0,
    name: null, cancelAmount: 0, taxFree: 0, buyerName: null, buyerEmail: null, buyerTel: null, buyerAddr: null,
    buyerPostcode: null, customData: null, userAgent: null, status: 'ready', paidAt: 0, failedAt: 0, cancelledAt: 0,
    failReason: null, cancelReason: null, receiptUrl: null, cashReceiptIssued: false, customerUid: null,
    customerUidUsage: null, noticeUrls: null, inFlight: false, cancelHistory: [], updatedAt: init.startedAt,
    ...init,
  };
}
