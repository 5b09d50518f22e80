/** tPay `refunds` (pg-protocols.md §3.4): the cancel of the contract, and the window's own net cancel. */
import type { CancelRequest, CancelResult, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { caller, cancelPassword, partialCancel, toCancelResult, wireAmount } from './map.ts';
import { jtnetApiPaths, refundsAnswer, type RefundsForm } from './wire.ts';

export type Refund = Pick<CancelRequest, 'orderId' | 'pgTid' | 'amount' | 'currency' | 'remaining' | 'paid' | 'reason'>;

export async function refund(ctx: ConnectorContext, req: Refund): Promise<CancelResult> {
  // Refund accounts (vbank cancels) have no published field: not sent.
  const form: RefundsForm = {
    ...caller(ctx), tid: req.pgTid, moid: req.orderId, cancel_pw: cancelPassword(ctx), cancel_amt: wireAmount(req.amount, req.currency),
    cancel_msg: (req.reason ?? '').slice(0, 100), partial_cancel: partialCancel(req.amount, req.remaining, req.paid),
  };
  return toCancelResult(await callPg(ctx, { method: 'POST', path: jtnetApiPaths.refunds, form, schema: refundsAnswer }));
}
