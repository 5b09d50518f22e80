/**
 * Pingbacks of the sandbox Paymentwall: signed (version 2) form POSTs to the `pingback_url` a
 * widget was opened with. Payments (type 0), declines (type 202) and answered refunds (type 2).
 */
import type { BookKey, BookTx } from '../books.ts';
import { sendNotification } from '../window-session.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { pwDeclines, pwPingbackTypes, signV2 } from './wire.ts';

export function pingbackFields(tx: BookTx, paymentSystem: string, secret: string, over: { key?: BookKey; refund?: { id: string; amount: number } } = {}): Record<string, string> {
  const decline = tx.declineReason ? pwDeclines[tx.declineReason as keyof typeof pwDeclines] : null;
  const type = over.refund ? pwPingbackTypes.refund : decline ? pwPingbackTypes.declined : pwPingbackTypes.payment;
  const f: Record<string, string> = {
    uid: tx.buyerEmail ?? '', goodsid: tx.orderId, slength: '0', speriod: '', type, ref: tx.tid,
    amount: toWireDecimal(over.refund?.amount ?? tx.amount, tx.currency), currency: tx.currency, payment_system: paymentSystem, is_test: '1',
    ...(tx.card ? { card_code: tx.card.code, card_name: tx.card.name, card_number: tx.card.number, card_kind: String(tx.card.type) } : {}),
    ...(over.key ? { card_token: over.key.key, email: over.key.buyerEmail ?? '' } : {}),
    ...(decline ? { error_code: String(decline.code), error_message: decline.msg } : {}),
    ...(over.refund ? { refund_id: over.refund.id } : {}),
    sign_version: '2',
  };
  return { ...f, sig: signV2(f, secret) };
}

export function sendPingback(notify: typeof fetch, tx: BookTx, fields: Record<string, string>) {
  return sendNotification(notify, tx.notifyUrl!, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
}
