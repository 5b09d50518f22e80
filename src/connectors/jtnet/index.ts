/**
 * The JTNet connector: a stateless translator between the contract and JTNet's wire (wire.ts),
 * talking only through ctx.fetch under ctx.baseUrl (pg-http.ts). The channel's pgId is the MID.
 */
import type { ChargeBillingKeyRequest, ChargeCardRequest, Connector, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { jtnetCapabilities } from './capabilities.ts';
import { issuedVbank } from '../vbank-issue.ts';
import { jtnetWindow, merchantKey } from './window.ts';
import { toWindowOutcome } from './window-map.ts';
import { vbankIssueSignature, windowApproveResponse } from './window-wire.ts';
import {
  buyerFields, cardFields, partialCancelCode, toCancelResult, toChargeResult, toIssueResult, toTransactionStatus,
  wireAmount, wireQuota,
} from './map.ts';
import {
  billingIssueResponse, cancelResponse, JTNET_SANDBOX_API_KEY, JTNET_SANDBOX_CANCEL_PASSWORD, jtnetPaths, payResponse, transactionResponse,
  type BillingIssueForm, type BillingPayForm, type CancelForm, type KeyinPayForm,
} from './wire.ts';

const mid = (ctx: ConnectorContext): string => ctx.channel.pgId;
/** Who is calling: every server API call carries the MID and its api_key (pg-protocols.md §3.3). */
const caller = (ctx: ConnectorContext) => ({ mid: mid(ctx), api_key: ctx.channel.apiKey ?? JTNET_SANDBOX_API_KEY });

/** What every JTNet charge carries about the order, amounts in JTNet's wire form. */
const orderFields = (ctx: ConnectorContext, req: ChargeBillingKeyRequest | ChargeCardRequest) => ({
  ...caller(ctx),
  moid: req.orderId,
  amt: wireAmount(req.amount, req.currency),
  taxFreeAmt: wireAmount(req.taxFree, req.currency),
  goodsNm: req.name ?? '',
  cardQuota: wireQuota(req.cardQuota),
  ...buyerFields(req.buyer),
});

export const jtnet: Connector = {
  provider: 'jtnet',
  capabilities: jtnetCapabilities,
  window: jtnetWindow,

  async chargeCard(ctx, req) {
    const form: KeyinPayForm = { ...orderFields(ctx, req), ...cardFields(req.card) };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: jtnetPaths.keyinPay, form, schema: payResponse }), req.amount);
  },

  async issueBillingKey(ctx, req) {
    // customerUid stays with us: the PG only needs the card, and the key it returns is what we store.
    const form: BillingIssueForm = { ...caller(ctx), ...buyerFields(req.buyer), ...cardFields(req.card) };
    return toIssueResult(await callPg(ctx, { method: 'POST', path: jtnetPaths.billingIssue, form, schema: billingIssueResponse }));
  },

  async chargeBillingKey(ctx, req) {
    const form: BillingPayForm = { ...orderFields(ctx, req), billKey: req.billingKey, buyerIp: req.browserIp ?? '' };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: jtnetPaths.billingPay, form, schema: payResponse }), req.amount);
  },

  async cancel(ctx, req) {
    // Refund accounts (vbank) are not modelled: JTNet's refund-bank codes are unknown [U].
    const form: CancelForm = {
      ...caller(ctx),
      cancel_pw: ctx.channel.cancelPassword ?? JTNET_SANDBOX_CANCEL_PASSWORD,
      tid: req.pgTid,
      moid: req.orderId,
      cancelAmt: wireAmount(req.amount, req.currency),
      taxFreeAmt: wireAmount(req.taxFree, req.currency),
      partialCancelCode: partialCancelCode(req.amount, req.remaining),
      cancelMsg: req.reason ?? '',
    };
    return toCancelResult(await callPg(ctx, { method: 'POST', path: jtnetPaths.cancel, form, schema: cancelResponse }));
  },

  async issueVbank(ctx, req) {
    const f = { mid: mid(ctx), moid: req.orderId, amt: wireAmount(req.amount, req.currency), vbankBankCd: req.bankCode, vbankExpDate: String(req.due) };
    const form = {
      ...caller(ctx), ...f, taxFreeAmt: wireAmount(req.taxFree, req.currency), goodsNm: req.name ?? '', ...buyerFields(req.buyer), vbankHolder: req.holder ?? '',
      notifyUrl: req.notifyUrl, encData: vbankIssueSignature(f, merchantKey(ctx)),
    };
    return issuedVbank('JTNet', toWindowOutcome(await callPg(ctx, { method: 'POST', path: jtnetPaths.vbankIssue, form, schema: windowApproveResponse })));
  },

  async getTransaction(ctx, req) {
    const path = `${jtnetPaths.transaction(req.orderId)}?${new URLSearchParams(caller(ctx))}`;
    return toTransactionStatus(await callPg(ctx, { method: 'GET', path, schema: transactionResponse }));
  },
};
