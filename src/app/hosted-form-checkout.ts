/**
 * The action of a hosted card form (a PG's script on a gateway page, connectors/contract.ts
 * `HostedForm`): the script posts its token here; the window completes exactly as a PG window's
 * return does (complete-checkout.ts), and the script gets the answer its PG's format expects.
 */
import type { HostedFormResult } from '../connectors/contract.ts';
import { isSuccessful, rspOf } from './checkout-response.ts';
import { completeCheckout, isAwaitingResult, loadCheckout, type CheckoutState } from './complete-checkout.ts';
import type { AppContext } from './context.ts';
import type { CheckoutDeps } from './start-checkout.ts';

function resultOf(s: CheckoutState): HostedFormResult {
  if (isAwaitingResult(s.payment)) return { kind: 'pending' };
  if (isSuccessful(s.payment)) return { kind: 'done' };
  const rsp = rspOf(s.payment, s.session);
  return { kind: 'failed', code: String(rsp.error_code ?? ''), message: String(rsp.error_msg ?? '결제가 완료되지 않았습니다.') };
}

/** null: no such checkout, a wrong token, or a PG without hosted forms. */
export async function completeHostedForm(ctx: AppContext, deps: CheckoutDeps, impUid: string, token: string, posted: Record<string, string>): Promise<Record<string, unknown> | null> {
  const known = await loadCheckout(ctx, impUid);
  if (!known || known.session.token !== token) return null;
  const answer = ctx.pg.connector(known.payment.pgProvider)?.window?.hostedFormAnswer;
  if (!answer) return null;
  const s = await completeCheckout(ctx, deps, impUid, posted);
  return s ? answer(resultOf(s)) : null;
}
