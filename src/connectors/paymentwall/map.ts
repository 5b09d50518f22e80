/**
 * Translation between the contract and Paymentwall's wire. Our amounts are integer minor units; the
 * wire carries decimal strings in major units ("20.50" USD, "1004" KRW): converted only here.
 */
import { isCurrency, type Currency } from '../../core/money.ts';
import { fromWireDecimal } from '../../core/wire-decimal.ts';
import {
  PgTransportError,
  type Approved, type CardDetails, type ChargeResult, type Declined, type TransactionStatus,
} from '../contract.ts';
import { isPwError, pwCodes, type BrickAnswer, type BrickCharge, type StatusAnswer, type PaymentStatus } from './wire.ts';

export const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `Paymentwall ${what}`);

/** Minor units of a wire amount in its own currency, or null when it is not one openimp knows. */
export function wireAmount(amount: string, currency: string): { minor: number; currency: Currency } | null {
  if (!isCurrency(currency)) return null;
  const minor = fromWireDecimal(amount, currency);
  return minor === null ? null : { minor, currency };
}

const sameAmount = (r: { amount: string; currency: string }, want: { minor: number; currency: Currency }): boolean => {
  const got = wireAmount(r.amount, r.currency);
  return got !== null && got.currency === want.currency && got.minor === want.minor;
};

export function cardOfCharge(c: BrickCharge['card']): CardDetails {
  return { code: null, name: c?.type ?? null, number: c?.last4 ? `************${c.last4}` : null, type: null };
}

const declined = (pgTid: string | null, code: number | string, message: string): Declined => ({ kind: 'declined', pgTid, pgCode: String(code), pgMessage: message });

/**
 * A Brick charge answer. A charge under risk review (`risk` other than `approved`) is neither paid
 * nor declined yet: it is an unknown outcome, settled later by the status check or the 201/202 pingback.
 */
export function toChargeResult(r: BrickAnswer, requested: { minor: number; currency: Currency }): ChargeResult {
  if (isPwError(r)) return declined(null, r.code, r.error);
  if (r.risk !== undefined && r.risk !== 'approved') throw bad(`charge ${r.id} is under risk review (${r.risk})`);
  if (!sameAmount(r, requested)) throw bad('charged a different amount');
  return { kind: 'approved', pgTid: r.id, applyNum: null, card: cardOfCharge(r.card), receiptUrl: null };
}

/** A payment found by the Payment Status API; `refunded` payments were still charged. */
export function toTransactionStatus(r: StatusAnswer): TransactionStatus {
  if (isPwError(r)) {
    if (r.code === pwCodes.chargeNotFound) return { kind: 'not_found' };
    throw bad(`status lookup answered error ${r.code}`);
  }
  const s = statusOf(r);
  if (s.kind !== 'approved') return s;
  // Refunds are whole (the refund APIs take no amount), and the status says only whether one was made.
  const amount = wireAmount(r.amount, r.currency);
  if (amount === null) throw bad('status lookup amount is not an amount of its currency');
  return { ...s, refunds: { total: r.refunded ? amount.minor : 0, cancels: null } };
}

export function statusOf(r: PaymentStatus): Approved | Declined | { kind: 'pending' } {
  if (r.risk === 'pending') return { kind: 'pending' };
  if (r.risk === 'declined') return declined(r.id, 'risk', 'Declined by Paymentwall risk review');
  return { kind: 'approved', pgTid: r.id, applyNum: null, card: null, receiptUrl: null };
}

/** The buyer name split as Paymentwall's `customer[firstname]` / `customer[lastname]`. */
export function customerName(name: string | null): { 'customer[firstname]': string; 'customer[lastname]': string } {
  const [first = '', ...rest] = (name ?? '').trim().split(/\s+/);
  return { 'customer[firstname]': first, 'customer[lastname]': rest.join(' ') };
}

/** Wallets Paymentwall reports as `payment_system`; cards and the test method are not wallets. */
export const walletOf = (paymentSystem: string | undefined): string | null =>
  !paymentSystem || ['cc', 'test', 'gateway'].includes(paymentSystem) ? null : paymentSystem;
