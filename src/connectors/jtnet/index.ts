/**
 * The JTNet (tPay) connector: a stateless translator between the contract and tPay's documented wire
 * (wire.ts, window-wire.ts), talking only through ctx.fetch under ctx.baseUrl. The channel's pgId is
 * the MID. tPay publishes no status lookup, so `getTransaction` cannot ask: an outcome lost on the way
 * stays unknown (pending) rather than guessed (docs/pgs/jtnet.md, "Unknown outcomes").
 */
import type { Connector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { jtnetCapabilities } from './capabilities.ts';
import { ediDateOf } from './crypto.ts';
import { buyerFields, caller, cardFields, keyInBuyerFields, toChargeResult, toIssueResult, toVbankResult, wireAmount, wireQuota } from './map.ts';
import { refund, repeatFullRefund } from './refunds.ts';
import { jtnetWindow } from './window.ts';
import {
  chargeAnswer, genBillkeyAnswer, jtnetApiPaths, jtnetCodes, plainAnswer, vbankIssueAnswer,
  type ChargeBillkeyForm, type DelBillkeyForm, type GenBillkeyForm, type KeyInForm, type VbankIssueForm,
} from './wire.ts';

export const jtnet: Connector = {
  provider: 'jtnet',
  capabilities: jtnetCapabilities,
  window: jtnetWindow,

  async chargeCard(ctx, req) {
    const form: KeyInForm = {
      ...caller(ctx), goods_nm: req.name ?? '', amt: wireAmount(req.amount, req.currency), moid: req.orderId, mall_user_id: '',
      ...keyInBuyerFields(req.buyer), ...cardFields(req.card), card_quota: wireQuota(req.cardQuota), card_interest: '0',
    };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: jtnetApiPaths.keyIn, form, schema: chargeAnswer }), req);
  },

  async issueBillingKey(ctx, req) {
    // customerUid stays with us: gen_billkey takes the card only, and its card_token is what we store.
    const form: GenBillkeyForm = { ...caller(ctx), ...cardFields(req.card) };
    return toIssueResult(await callPg(ctx, { method: 'POST', path: jtnetApiPaths.genBillkey, form, schema: genBillkeyAnswer }));
  },

  async chargeBillingKey(ctx, req) {
    const form: ChargeBillkeyForm = {
      ...caller(ctx), card_token: req.billingKey, goods_nm: req.name ?? '', amt: wireAmount(req.amount, req.currency), moid: req.orderId,
      mall_user_id: '', ...buyerFields(req.buyer), batch_div: '1', card_quota: wireQuota(req.cardQuota),
    };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: jtnetApiPaths.chargeBillkey, form, schema: chargeAnswer }), req);
  },

  async deleteBillingKey(ctx, req) {
    const form: DelBillkeyForm = { ...caller(ctx), card_token: req.billingKey };
    const r = await callPg(ctx, { method: 'POST', path: jtnetApiPaths.delBillkey, form, schema: plainAnswer });
    return r.result_cd === jtnetCodes.ok ? { kind: 'deleted' } : { kind: 'rejected', pgCode: r.result_cd, pgMessage: r.result_msg ?? '' };
  },

  cancel: refund,
  repeatFullCancel: repeatFullRefund,

  async issueVbank(ctx, req) {
    const form: VbankIssueForm = {
      ...caller(ctx), moid: req.orderId, amt: wireAmount(req.amount, req.currency), goods_nm: req.name ?? '', bank_code: req.bankCode,
      vbank_exp_date: ediDateOf(req.due * 1000), vbank_holder: req.holder ?? '', ...buyerFields(req.buyer), retry_url: req.notifyUrl,
    };
    return toVbankResult(await callPg(ctx, { method: 'POST', path: jtnetApiPaths.vbankIssue, form, schema: vbankIssueAnswer }), req);
  },

  // No status lookup is published (pg-protocols.md §3.6): nothing to ask, the outcome stays unknown.
  getTransaction: async () => ({ kind: 'pending' }),
};
