/**
 * The revise (cancel / refund) request (`POST /api/trades/revise`, docs.kicc.co.kr management/cancel
 * and management/refund): `reviseTypeCode` 40 cancels the whole approval, 32 part of a card payment,
 * 33 part of a transfer or phone payment; virtual accounts are refunded to an account, 60 whole / 62
 * part with `reviseSubTypeCode` RF01 (settlement refund) [3P Hola summary, legacy samples].
 * `msgAuthValue` = HMAC(secret, pgCno|shopTransactionId) [3P, ≥5 repositories agree].
 */
import type { CancelRequest, EscrowShippingRequest } from '../contract.ts';
import { wireAmount } from './map.ts';
import { kiccText } from './register.ts';
import { kiccMac, kiccRevise } from './wire.ts';

export function reviseTypeOf(req: CancelRequest): { type: string; sub?: string } {
  const whole = req.amount === req.remaining && req.remaining === (req.paid ?? req.remaining);
  if (req.payMethod === 'vbank' || req.refund !== null) {
    return { type: whole ? kiccRevise.refundFull : kiccRevise.refundPartial, sub: kiccRevise.refundSub };
  }
  if (whole) return { type: kiccRevise.full };
  return { type: req.payMethod === 'trans' || req.payMethod === 'phone' ? kiccRevise.cashPartial : kiccRevise.cardPartial };
}

export function reviseBody(mallId: string, key: string, req: CancelRequest, cancelReqDate: string) {
  const { type, sub } = reviseTypeOf(req);
  const amount = wireAmount(req.amount, req.currency);
  // Over the balance: sent as asked, without a balance KICC could not read, so that KICC refuses it.
  const remainAfter = req.remaining >= req.amount ? wireAmount(req.remaining - req.amount, req.currency) : null;
  const taxFree = wireAmount(req.taxFree, req.currency);
  const partial = type !== kiccRevise.full && type !== kiccRevise.refundFull;
  const json = {
    // shopTransactionId is KICC's idempotency key: our cancel attempt id, stable across retries and crashes.
    mallId, shopTransactionId: req.requestId, pgCno: req.pgTid, reviseTypeCode: type,
    ...(sub ? { reviseSubTypeCode: sub } : {}),
    // Partial: the amount and the balance left after it, which KICC checks against its own.
    ...(partial ? { amount, ...(remainAfter === null ? {} : { remainAmount: remainAfter }) } : {}),
    cancelReqDate, msgAuthValue: kiccMac(key, [req.pgTid, req.requestId]),
    reviseMessage: kiccText(req.reason ?? '', 100),
    ...(taxFree > 0 ? { taxInfo: { taxationAmount: amount - taxFree, taxFreeAmount: taxFree, vatAmount: Math.round((amount - taxFree) / 11) } } : {}),
    ...(req.refund ? { refundInfo: { refundBankCode: req.refund.bank, refundAccountNo: req.refund.account, refundDepositName: kiccText(req.refund.holder, 50) } } : {}),
  };
  return { json, asked: { amount, remainAfter } };
}

/** A full cancel (40) of a virtual account nobody paid yet: KICC's revoke of the account (docs/pgs/kicc.md). */
export function closeVbankBody(mallId: string, key: string, req: { pgTid: string; requestId: string; reason: string }, cancelReqDate: string) {
  return {
    mallId, shopTransactionId: req.requestId, pgCno: req.pgTid, reviseTypeCode: kiccRevise.full,
    cancelReqDate, msgAuthValue: kiccMac(key, [req.pgTid, req.requestId]), reviseMessage: kiccText(req.reason, 100),
  };
}

/**
 * The escrow status change "shipping" (reviseTypeCode 61, docs.kicc.co.kr services/escrow/status-change;
 * sub code ES07 "배송중" from KICC's legacy escrow sample). The `escrowInfo` sub-fields are not in the
 * retrieved page: their names are [guess] (docs/pgs/kicc.md), the V1 courier code is sent as is.
 */
export function escrowShippingBody(mallId: string, key: string, req: EscrowShippingRequest, cancelReqDate: string) {
  return {
    mallId, shopTransactionId: req.requestId, pgCno: req.pgTid, reviseTypeCode: kiccRevise.escrow, reviseSubTypeCode: kiccRevise.escrowShipping,
    cancelReqDate, msgAuthValue: kiccMac(key, [req.pgTid, req.requestId]),
    escrowInfo: {
      deliveryCode: 'DE02', deliveryCorpCode: req.company, deliveryInvoice: kiccText(req.invoice, 30),
      ...(req.receiverName ? { recvName: kiccText(req.receiverName, 20) } : {}), ...(req.receiverTel ? { recvMobNo: req.receiverTel.replace(/[^0-9]/g, '') } : {}),
    },
  };
}
