/**
 * The KICC connector: window payments (window.ts), charges of batch keys issued in KICC billing
 * windows (`/api/trades/approval/batch`), their removal (`/api/trades/removeBatchKey`), cancels and
 * refunds (`/api/trades/revise`) and status lookups (lookup.ts). No key-in: KICC's PG API issues batch
 * keys only through its window (SEED 002: "Not supported"). The channel's pgId is the mall id.
 */
import type { ChargeResult, Connector, ConnectorContext, PgRefunds, TransactionStatus } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { kiccCapabilities } from './capabilities.ts';
import { approvalTxId, kiccKeyOf as kiccKey, lookupApproval, lookupRevise } from './lookup.ts';
import { issuedVbank } from '../vbank-issue.ts';
import { approvedOf, bad, cancelResultOf, declinedOf, paidOf, wireAmount, windowOutcomeOf } from './map.ts';
import { goodsName, kiccText } from './register.ts';
import { closeVbankBody, escrowShippingBody, reviseBody } from './revise.ts';
import { kiccWindow } from './window.ts';
import {
  approvalResponse, KICC_SUCCESS, kiccMac, kiccMethods, kiccPaths, kiccStatus, kstDate, kstTime, nowOf, removeBatchKeyResponse, reviseResponse, type ApprovalResponse,
} from './wire.ts';

const today = (ctx: ConnectorContext): string => kstDate(nowOf(ctx));

function chargeResultOf(ctx: ConnectorContext, r: ApprovalResponse, requested: number): ChargeResult {
  if (r.resCd !== KICC_SUCCESS) return declinedOf(r);
  const paid = paidOf(r, kiccKey(ctx));
  // KICC: "if the approved amount differs from the requested amount, you MUST cancel"; unknown until the lookup says.
  if (paid.amount !== requested) throw bad('approved another amount than asked');
  return approvedOf(paid, ctx.channel.mode);
}

/** What KICC has refunded, from the revise this gateway is settling (KICC's lookup answers one call per key). */
async function refundsOf(ctx: ConnectorContext, paid: number, cancelRequestId: string | undefined): Promise<PgRefunds | null> {
  if (cancelRequestId === undefined) return { total: 0, cancels: null };
  const found = await lookupRevise(ctx, cancelRequestId, null);
  if (found.kind === 'too_old') return null;
  if (found.kind === 'not_found' || !found.r.cancelPgCno || found.r.cancelAmount === undefined) return { total: 0, cancels: [] };
  const total = found.r.remainAmount === undefined ? found.r.cancelAmount : paid - found.r.remainAmount;
  return { total, cancels: [{ pgCancelTid: found.r.cancelPgCno, amount: found.r.cancelAmount, requestId: cancelRequestId }] };
}

export const kicc: Connector = {
  provider: 'kicc',
  capabilities: kiccCapabilities,
  window: kiccWindow,

  async chargeBillingKey(ctx, req) {
    const amount = wireAmount(req.amount, req.currency);
    const taxFree = wireAmount(req.taxFree, req.currency);
    const json = {
      // The idempotency key comes from the order (the imp_uid): a retried charge is answered, not repeated.
      mallId: ctx.channel.pgId, shopTransactionId: approvalTxId(ctx, req.orderId), shopOrderNo: req.orderId, approvalReqDate: today(ctx),
      amount, currency: '00',
      orderInfo: {
        goodsName: goodsName(req.name, req.merchantUid),
        customerInfo: { customerName: kiccText(req.buyer.name, 20), customerMail: kiccText(req.buyer.email, 50), customerContactNo: (req.buyer.tel ?? '').replace(/[^0-9]/g, '').slice(0, 11) },
      },
      payMethodInfo: { billKeyMethodInfo: { batchKey: req.billingKey }, cardMethodInfo: { installmentMonth: req.cardQuota <= 1 ? 0 : req.cardQuota } },
      ...(taxFree > 0 ? { taxInfo: { taxationAmount: amount - taxFree, taxFreeAmount: taxFree, vatAmount: Math.round((amount - taxFree) / 11) } } : {}),
    };
    return chargeResultOf(ctx, await callPg(ctx, { method: 'POST', path: kiccPaths.batchApproval, json, schema: approvalResponse }), amount);
  },

  async deleteBillingKey(ctx, req) {
    const json = { mallId: ctx.channel.pgId, shopTransactionId: req.requestId, batchKey: req.billingKey, removeReqDate: today(ctx) };
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.removeBatchKey, json, schema: removeBatchKeyResponse });
    return r.resCd === KICC_SUCCESS ? { kind: 'deleted' } : { kind: 'rejected', pgCode: r.resCd, pgMessage: r.resMsg };
  },

  async cancel(ctx, req) {
    const { json, asked } = reviseBody(ctx.channel.pgId, kiccKey(ctx), req, today(ctx));
    return cancelResultOf(await callPg(ctx, { method: 'POST', path: kiccPaths.revise, json, schema: reviseResponse }), asked);
  },

  async registerEscrowShipping(ctx, req) {
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.revise, json: escrowShippingBody(ctx.channel.pgId, kiccKey(ctx), req, today(ctx)), schema: reviseResponse });
    return r.resCd === KICC_SUCCESS ? { kind: 'registered' } : { kind: 'rejected', pgCode: r.resCd, pgMessage: r.resMsg };
  },

  async closeVbank(ctx, req) {
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.revise, json: closeVbankBody(ctx.channel.pgId, kiccKey(ctx), req, today(ctx)), schema: reviseResponse });
    if (r.resCd !== KICC_SUCCESS) return { kind: 'rejected', pgCode: r.resCd, pgMessage: r.resMsg };
    if (r.oriPgCno && r.oriPgCno !== req.pgTid) throw bad('revise answered for another account');
    return { kind: 'closed' };
  },

  /**
   * openimp's REST virtual account (POST /vbanks): KICC documents none, so the call is openimp's own in
   * KICC's style (docs/differences.md), answered like a virtual-account approval and signed like one.
   */
  async issueVbank(ctx, req) {
    const amount = wireAmount(req.amount, req.currency);
    const taxFree = wireAmount(req.taxFree, req.currency);
    const expiryDate = kstTime(req.due);
    const json = {
      // The approval's shopTransactionId: the status lookup (retrieveTransaction) finds the account by it.
      mallId: ctx.channel.pgId, shopTransactionId: approvalTxId(ctx, req.orderId), shopOrderNo: req.orderId, amount, bankCode: req.bankCode, expiryDate, notiUrl: req.notifyUrl,
      ...(req.holder ? { depositName: kiccText(req.holder, 50) } : {}),
      ...(taxFree > 0 ? { taxInfo: { freeAmount: taxFree } } : {}),
      msgAuthValue: kiccMac(kiccKey(ctx), [ctx.channel.pgId, req.orderId, amount, req.bankCode, expiryDate]),
    };
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.vbankIssue, json, schema: approvalResponse });
    return issuedVbank('KICC', windowOutcomeOf(r, { key: kiccKey(ctx), mode: ctx.channel.mode, billing: false }));
  },

  async getTransaction(ctx, req): Promise<TransactionStatus> {
    const found = await lookupApproval(ctx, req.orderId, req.startedAt ?? null);
    if (found.kind === 'too_old') return { kind: 'pending' }; // KICC's lookup no longer answers: left unknown, never guessed
    if (found.kind === 'not_found') return { kind: 'not_found' };
    const r = found.r;
    if (r.resCd !== KICC_SUCCESS) return declinedOf(r);
    const method = r.paymentInfo?.payMethodTypeCode;
    if (method === kiccMethods.vbank && r.statusCode === kiccStatus.notApproved) return { kind: 'pending' };
    if (r.statusCode === kiccStatus.notApproved) return declinedOf({ resCd: r.statusCode, resMsg: r.statusMessage ?? r.resMsg, pgCno: r.pgCno });
    const paid = paidOf(r, null); // lookups carry no msgAuthValue (docs: query-status)
    const refunds = await refundsOf(ctx, paid.amount, req.cancelRequestId);
    if (refunds === null) return { kind: 'pending' };
    return { ...approvedOf(paid, ctx.channel.mode), refunds };
  },
};
