/**
 * Translation between the contract and PAYCO's wire: KRW amounts (JSON numbers) and PAYCO answers
 * to results. Only `code` 0 with a PAID order (or an issued key) is a success.
 */
import type { Currency } from '../../core/money.ts';
import {
  PgTransportError,
  type Approved, type CancelResult, type CardDetails, type ChargeResult, type Declined, type PgRefunds, type TransactionStatus, type WindowOutcome,
} from '../contract.ts';
import { krwWireAmount } from '../krw-amount.ts';
import { paycoCodes, type ApprovalResponse, type CancelResponse, type OrderResponse, type OrderResult, type PaymentDetail } from './wire.ts';

/** PAYCO is KRW only and `app/` checks capabilities first: another currency is a programming error. */
export const wireAmount = (minor: number, currency: Currency): number => krwWireAmount('PAYCO', minor, currency);

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `PAYCO ${what}`);

export function cardOf(c: { cardCompanyCode: string; cardCompanyName: string; cardNo: string; cardType: 'CREDIT' | 'CHECK' }): CardDetails {
  return { code: c.cardCompanyCode, name: c.cardCompanyName, number: c.cardNo, type: c.cardType === 'CHECK' ? 1 : 0 };
}

function approved(r: OrderResult): Approved & { detail: PaymentDetail } {
  const detail = r.paymentDetails[0];
  if (!detail) throw bad('paid order without payment details');
  const card = detail.cardSettleInfo ? cardOf(detail.cardSettleInfo) : null;
  return { kind: 'approved', pgTid: r.orderNo, applyNum: detail.cardSettleInfo?.cardAdmissionNo ?? null, card, receiptUrl: null, detail };
}

const declined = (r: { code: number; message: string; result?: OrderResult }): Declined =>
  ({ kind: 'declined', pgTid: r.result?.orderNo ?? null, pgCode: String(r.result?.failCode ?? r.code), pgMessage: r.result?.failMessage ?? r.message });

const strip = ({ detail: _d, ...a }: Approved & { detail: PaymentDetail }): Approved => a;

export function toChargeResult(r: OrderResponse, requestedMinor: number): ChargeResult {
  // A repeated order answers its first approval, which may have been cancelled since.
  if (r.code === paycoCodes.success && r.result && ['PAID', 'PART_CANCELLED', 'CANCELLED'].includes(r.result.orderStatus)) {
    if (r.result.totalPaymentAmt !== requestedMinor) throw bad('approved a different amount');
    return strip(approved(r.result));
  }
  if (r.code === paycoCodes.success) throw bad(`approval answered order status ${r.result?.orderStatus ?? 'none'}`);
  return declined(r);
}

export function toWindowOutcome(r: ApprovalResponse): WindowOutcome {
  if (r.code !== paycoCodes.success) return declined(r);
  if (r.autoPayment) {
    // The amount of a PAYCO billing window is display only: a key, never a charge (SEED 000/001).
    return { kind: 'billing_key_issued', billingKey: r.autoPayment.autoPaymentKey, card: cardOf(r.autoPayment), buyerEmail: r.autoPayment.buyerEmail || null, charge: null };
  }
  if (!r.result) throw bad('approval without result');
  if (r.result.orderStatus === 'WAITING_DEPOSIT') {
    const v = r.result.paymentDetails[0]?.nonBankbookSettleInfo;
    if (!v) throw bad('vbank without account');
    return {
      kind: 'vbank_issued', pgTid: r.result.orderNo, receiptUrl: null,
      vbank: { code: v.bankCode, name: v.bankName, num: v.accountNo, holder: v.accountHolder, due: v.paymentExpirationYmdt },
    };
  }
  if (r.result.orderStatus !== 'PAID') return declined(r);
  const a = approved(r.result);
  const bank = a.detail.realtimeAccountTransferSettleInfo ?? null;
  const payMethod = a.detail.paymentMethodCode === '35' ? 'trans' : 'card';
  return { ...strip(a), payMethod, bank: bank && { code: bank.bankCode, name: bank.bankName }, embPgProvider: null };
}

export function toCancelResult(r: CancelResponse): CancelResult {
  if (r.code === paycoCodes.success) {
    if (!r.result) throw bad('cancel without result');
    return { kind: 'cancelled', pgCancelTid: r.result.cancelTradeSeq, receiptUrl: null };
  }
  return { kind: 'rejected', pgCode: String(r.code), pgMessage: r.message };
}

/** A cancelled order was still approved once; our side tracks the cancels. */
export function toTransactionStatus(r: OrderResponse): TransactionStatus {
  if (r.code === paycoCodes.notFound) return { kind: 'not_found' };
  if (r.code !== paycoCodes.success || !r.result) throw bad(`detail answered ${r.code}`);
  if (r.result.orderStatus === 'WAITING_DEPOSIT') return { kind: 'pending' };
  if (r.result.orderStatus === 'DECLINED') return declined(r);
  return { ...strip(approved(r.result)), refunds: refundsOf(r.result) };
}

/** PAYCO lists each cancel (cancelTradeSeq); its cancel request carries no id of ours. */
function refundsOf(o: OrderResult): PgRefunds {
  const cancels = (o.cancelDetails ?? []).map((c) => ({ pgCancelTid: c.cancelTradeSeq, amount: c.cancelPaymentAmt, requestId: null }));
  return { total: o.totalCancelPaymentAmt ?? cancels.reduce((s, c) => s + c.amount, 0), cancels };
}
