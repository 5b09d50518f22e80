/**
 * Translation between the contract and Paymentwall's wire. Our amounts are integer minor units; the
 * wire carries decimal strings in major units ("20.50" USD, "1004" KRW): converted only here.
 */
import { isCurrency, type Currency } from '../../core/money.ts';
import { fromWireDecimal } from '../../core/wire-decimal.ts';
import {
  PgTransportError,
  type Approved, type CancelResult, type CardDetails, type ChargeResult, type Notification, type TransactionStatus, type WindowOutcome,
} from '../contract.ts';
import { pwPingbackTypes, type ChargeAnswer, type Pingback, type RefundAnswer } from './wire.ts';

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `Paymentwall ${what}`);

function cardOf(c: { code: string; name: string; masked: string; kind: '0' | '1' } | undefined): CardDetails | null {
  return c ? { code: c.code, name: c.name, number: c.masked, type: Number(c.kind) } : null;
}

function approved(r: Extract<ChargeAnswer, { object: 'charge' | 'payment' }>): Approved {
  return { kind: 'approved', pgTid: r.id, applyNum: null, card: cardOf(r.card), receiptUrl: null };
}

export function toChargeResult(r: ChargeAnswer, requested: { minor: number; currency: Currency }): ChargeResult {
  if (r.object === 'Error') return { kind: 'declined', pgTid: null, pgCode: String(r.code), pgMessage: r.error };
  if (r.status === 'declined') return { kind: 'declined', pgTid: r.id, pgCode: String(r.error_code ?? ''), pgMessage: r.error ?? '' };
  if (r.currency !== requested.currency || fromWireDecimal(r.amount, requested.currency) !== requested.minor) throw bad('charged a different amount');
  return approved(r);
}

export function toTransactionStatus(r: ChargeAnswer): TransactionStatus {
  if (r.object === 'Error') {
    if (r.code === 4404) return { kind: 'not_found' };
    throw bad(`lookup answered error ${r.code}`);
  }
  if (r.status === 'declined') return { kind: 'declined', pgTid: r.id, pgCode: String(r.error_code ?? ''), pgMessage: r.error ?? '' };
  return approved(r);
}

/** A refund is a ticket: the `cancelled` pingback comes later (reference §6.4). */
export function toCancelResult(r: RefundAnswer): CancelResult {
  if (r.object === 'Error') return { kind: 'rejected', pgCode: String(r.code), pgMessage: r.error };
  return { kind: 'pending', ticket: r.id };
}

/** A verified pingback to what it means. */
export function pingbackNotification(p: Pingback): Notification {
  if (!isCurrency(p.currency)) return { kind: 'rejected', reason: `unknown currency ${p.currency}` };
  const amount = fromWireDecimal(p.amount, p.currency);
  if (amount === null) return { kind: 'rejected', reason: 'bad amount' };
  if (p.type === pwPingbackTypes.refund) {
    if (!p.refund_id) return { kind: 'rejected', reason: 'refund without refund_id' };
    return { kind: 'cancelled', orderId: p.goodsid, pgCancelTid: p.refund_id, amount };
  }
  const card: CardDetails | null = p.card_code ? { code: p.card_code, name: p.card_name ?? null, number: p.card_number ?? null, type: p.card_kind ? Number(p.card_kind) : null } : null;
  const charge = p.type === pwPingbackTypes.payment
    ? { kind: 'approved' as const, pgTid: p.ref, applyNum: null, card, receiptUrl: null }
    : { kind: 'declined' as const, pgTid: p.ref, pgCode: p.error_code ?? pwPingbackTypes.declined, pgMessage: p.error_message ?? '' };
  let outcome: WindowOutcome;
  if (p.card_token && card) {
    // A billing window always charges together with issuance (reference §6.4).
    outcome = { kind: 'billing_key_issued', billingKey: p.card_token, card, buyerEmail: p.email || null, charge };
  } else if (charge.kind === 'approved') {
    const wallet = p.payment_system !== 'cc' && p.payment_system !== 'test' ? p.payment_system : null;
    outcome = { ...charge, payMethod: 'card', bank: null, embPgProvider: wallet };
  } else {
    outcome = charge;
  }
  return { kind: 'outcome', orderId: p.goodsid, outcome };
}
