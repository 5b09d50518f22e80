/** tPay `refunds` (pg-protocols.md §3.4): the cancel of the contract, and the window's own net cancel. */
import type { CancelRequest, CancelResult, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { caller, cancelPassword, partialCancel, toCancelResult, toRepeatedCancelResult, wireAmount } from './map.ts';
import { jtnetApiPaths, refundsAnswer, type RefundsForm } from './wire.ts';

export type Refund = Pick<CancelRequest, 'orderId' | 'pgTid' | 'amount' | 'currency' | 'remaining' | 'paid' | 'reason'>;

const formOf = (ctx: ConnectorContext, req: Refund): RefundsForm => ({
  // Refund accounts (vbank cancels) have no published field: not sent.
  ...caller(ctx), tid: req.pgTid, moid: req.orderId, cancel_pw: cancelPassword(ctx), cancel_amt: wireAmount(req.amount, req.currency),
  cancel_msg: (req.reason ?? '').slice(0, 100), partial_cancel: partialCancel(req.amount, req.remaining, req.paid),
});

const ask = (ctx: ConnectorContext, form: RefundsForm) => callPg(ctx, { method: 'POST', path: jtnetApiPaths.refunds, form, schema: refundsAnswer });

export async function refund(ctx: ConnectorContext, req: Refund): Promise<CancelResult> {
  return toCancelResult(await ask(ctx, formOf(ctx, req)));
}

/**
 * A lost full refund asked again (docs/pgs/jtnet.md, "Unknown outcomes"): `partial_cancel=0` must take
 * the whole balance, so a repeat cannot refund twice; `2013` (already cancelled) then says the lost
 * call refunded it. A part is never repeated: that could refund twice.
 */
export async function repeatFullRefund(ctx: ConnectorContext, req: Refund): Promise<CancelResult> {
  const form = formOf(ctx, req);
  if (form.partial_cancel !== '0') throw new Error('JTNet: a partial refund is never asked again');
  return toRepeatedCancelResult(await ask(ctx, form), req.pgTid);
}
