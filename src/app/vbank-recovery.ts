/**
 * A `POST /vbanks` issue call whose answer never came (timeout, unreachable, nonsense): the PG may
 * have issued the account. The attempt stays in flight (unknown) and is settled from the PG, never
 * guessed: the issue is asked again for the same order (openimp's REST vbank issue answers the
 * account an order already has, docs/differences.md), so the PG issues at most one account per
 * order and the payment learns its number. The background re-check first asks the PG's books
 * (`getTransaction`): an order the PG never recorded fails; one it has is asked for its account.
 */
import { PgTransportError, type Connector, type ConnectorContext, type IssueVbankRequest, type IssueVbankResult } from '../connectors/contract.ts';
import type { Payment } from '../core/payment.ts';
import { bankByCode } from '../core/bank-codes.ts';
import type { Channel } from '../storage/merchants.ts';
import { pgText, sealedRef, unreachedReason } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { transitionInFlight } from './persist-transition.ts';

/** A REST vbank attempt (POST /vbanks) still waiting for the PG's answer. */
export const isVbankIssueAttempt = (p: Payment): boolean => p.inFlight && p.channel === 'api' && p.payMethod === 'vbank' && p.vbankIssuedAt === 0;

/** The issue request of an attempt, as POST /vbanks sent it (the claim keeps bank, due and holder). */
export function issueRequestOf(ctx: AppContext, channel: Channel, p: Payment): IssueVbankRequest {
  return {
    orderId: p.impUid, merchantUid: p.merchantUid, amount: p.amount, currency: p.currency, taxFree: p.taxFree, name: p.name,
    buyer: { name: p.buyerName, email: p.buyerEmail, tel: p.buyerTel, addr: p.buyerAddr, postcode: p.buyerPostcode },
    bankCode: p.vbankCode ?? '', holder: p.vbankHolder, due: p.vbankDate, notifyUrl: ctx.pg.notifyUrl(channel),
  };
}

/** Records what the PG answered to an issue call (this request's or a repeated one). */
export function settleVbankIssue(ctx: AppContext, attempt: Payment, issued: IssueVbankResult): Promise<Payment> {
  if (issued.kind === 'declined') {
    return transitionInFlight(ctx, attempt.merchantId, attempt.impUid, { type: 'fail', at: ctx.now(), reason: pgText(issued.pgCode, issued.pgMessage) });
  }
  const v = issued.vbank;
  return transitionInFlight(ctx, attempt.merchantId, attempt.impUid, {
    type: 'issue_vbank', at: ctx.now(),
    pg: { payMethod: 'vbank', pgTid: issued.pgTid, pgRefEnc: sealedRef(ctx, issued.pgRef), vbankCode: v.code, vbankName: v.name || bankByCode(v.code)?.name || null, vbankNum: v.num, vbankHolder: v.holder, vbankDate: v.due },
  });
}

/**
 * Settles an issue attempt from the PG; null while the PG still cannot tell (it stays in flight).
 * `final`: the background re-check, long after any call could still be running, so an order the
 * PG's books do not have failed (nothing was issued). Otherwise (the same request, right after the
 * failed call) the issue is simply asked again: the PG keys it on the order, so it cannot issue twice.
 */
export async function recoverVbankIssue(ctx: AppContext, connector: Connector, cctx: ConnectorContext, channel: Channel, attempt: Payment, final: boolean): Promise<Payment | null> {
  if (!connector.issueVbank) return null;
  try {
    if (final) {
      const status = await connector.getTransaction(cctx, { orderId: attempt.impUid });
      if (status.kind === 'not_found') return await transitionInFlight(ctx, attempt.merchantId, attempt.impUid, { type: 'fail', at: ctx.now(), reason: unreachedReason });
      if (status.kind === 'declined') return await settleVbankIssue(ctx, attempt, status);
    }
    const issued = await connector.issueVbank(cctx, issueRequestOf(ctx, channel, attempt));
    if (issued.kind === 'vbank_issued') return await settleVbankIssue(ctx, attempt, issued);
    // Refused: a PG that takes no repeat of an order refuses an account it did issue too; only its books tell.
    const status = await connector.getTransaction(cctx, { orderId: attempt.impUid });
    if (status.kind === 'not_found') return await settleVbankIssue(ctx, attempt, issued);
    ctx.log.warn({ imp_uid: attempt.impUid, pg_status: status.kind }, 'vbank issue refused on repeat, but the PG has the order: left unknown');
    return null;
  } catch (e) {
    if (e instanceof PgTransportError) return null;
    throw e;
  }
}
