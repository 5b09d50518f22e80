/**
 * The KICC connector: window payments (window.ts), batch-key charges of keys issued in KICC billing
 * windows, cancels ("revise") and lookups. No key-in: KICC has no API billing (reference §6.2).
 * The channel's pgId is the mall id (MID).
 */
import type { Connector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { kiccCapabilities } from './capabilities.ts';
import { issuedVbank } from '../vbank-issue.ts';
import { toCancelResult, toChargeResult, toTransactionStatus, toWindowOutcome, wireAmount } from './map.ts';
import { kiccKey, kiccWindow } from './window.ts';
import { kiccMac, kiccPaths, reviseResponse, tradeResponse } from './wire.ts';

export const kicc: Connector = {
  provider: 'kicc',
  capabilities: kiccCapabilities,
  window: kiccWindow,

  async chargeBillingKey(ctx, req) {
    const amount = wireAmount(req.amount, req.currency);
    const json = {
      mallId: ctx.channel.pgId, shopOrderNo: req.orderId, amount, taxFreeAmount: wireAmount(req.taxFree, req.currency), goodsName: req.name ?? '',
      batchKey: req.billingKey, installmentMonth: req.cardQuota <= 1 ? 0 : req.cardQuota, customerMail: req.buyer.email ?? '',
      msgAuthValue: kiccMac(kiccKey(ctx), [ctx.channel.pgId, req.orderId, amount, req.billingKey]),
    };
    return toChargeResult(await callPg(ctx, { method: 'POST', path: kiccPaths.batchApproval, json, schema: tradeResponse }), req.amount);
  },

  async cancel(ctx, req) {
    // 40 = cancel the whole balance (checked against KICC's own), 32 = partial (reference: same rule as JTNet).
    const reviseTypeCode = req.amount === req.remaining ? '40' : '32';
    const amount = wireAmount(req.amount, req.currency);
    const json = {
      // shopTransactionId is KICC's idempotency key: a repeated attempt is answered, not refunded twice.
      mallId: ctx.channel.pgId, shopTransactionId: req.requestId, pgCno: req.pgTid, shopOrderNo: req.orderId, reviseTypeCode, amount,
      taxFreeAmount: wireAmount(req.taxFree, req.currency), reviseMessage: req.reason ?? '',
      // KICC refunds to accounts take KFTC 3-digit bank codes (reference §7.2).
      ...(req.refund ? { refundInfo: { refundBankCode: req.refund.bank, refundAccountNo: req.refund.account, refundDepositName: req.refund.holder } } : {}),
      msgAuthValue: kiccMac(kiccKey(ctx), [req.pgTid, reviseTypeCode, amount]),
    };
    return toCancelResult(await callPg(ctx, { method: 'POST', path: kiccPaths.revise, json, schema: reviseResponse }));
  },

  async issueVbank(ctx, req) {
    const amount = wireAmount(req.amount, req.currency);
    const json = {
      mallId: ctx.channel.pgId, shopOrderNo: req.orderId, amount, taxFreeAmount: wireAmount(req.taxFree, req.currency), goodsName: req.name ?? '',
      customerName: req.buyer.name ?? '', customerMail: req.buyer.email ?? '', bankCode: req.bankCode, depositName: req.holder ?? '',
      expiryDate: req.due, notiUrl: req.notifyUrl, msgAuthValue: kiccMac(kiccKey(ctx), [ctx.channel.pgId, req.orderId, amount, req.bankCode, req.due]),
    };
    return issuedVbank('KICC', toWindowOutcome(await callPg(ctx, { method: 'POST', path: kiccPaths.vbankIssue, json, schema: tradeResponse })));
  },

  async getTransaction(ctx, req) {
    const json = { mallId: ctx.channel.pgId, shopOrderNo: req.orderId };
    return toTransactionStatus(await callPg(ctx, { method: 'POST', path: kiccPaths.retrieve, json, schema: tradeResponse }));
  },
};
