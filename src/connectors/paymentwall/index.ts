/**
 * The Paymentwall connector: the widget (window.ts), Brick-style charges of card tokens issued in
 * billing windows, asynchronous refunds and payment lookups. No key-in: the PCI-DSS `onetime` route is
 * not offered (capabilities.ts). The channel's pgId is the project key, its secret the secret key.
 */
import type { Connector, ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { paymentwallCapabilities } from './capabilities.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { toCancelResult, toChargeResult, toTransactionStatus } from './map.ts';
import { paymentwallWindow, pwSecret } from './window.ts';
import { chargeAnswer, pwPaths, refundAnswer, signV2 } from './wire.ts';

const signed = (ctx: ConnectorContext, f: Record<string, string>) => ({ ...f, sign_version: '2', sign: signV2({ ...f, sign_version: '2' }, pwSecret(ctx)) });

export const paymentwall: Connector = {
  provider: 'paymentwall',
  capabilities: paymentwallCapabilities,
  window: paymentwallWindow,

  async chargeBillingKey(ctx, req) {
    // The email must be the one the card was stored with, and browser_ip is required (reference §6.4).
    const form = signed(ctx, {
      key: ctx.channel.pgId, token: req.billingKey, ag_external_id: req.orderId, amount: toWireDecimal(req.amount, req.currency), currency: req.currency,
      email: req.buyer.email ?? '', browser_ip: req.browserIp ?? '', description: req.name ?? '', uid: req.buyer.email ?? '',
    });
    return toChargeResult(await callPg(ctx, { method: 'POST', path: pwPaths.charge, form, schema: chargeAnswer }), { minor: req.amount, currency: req.currency });
  },

  async cancel(ctx, req) {
    const form = signed(ctx, { key: ctx.channel.pgId, amount: toWireDecimal(req.amount, req.currency), currency: req.currency, reason: req.reason ?? '' });
    return toCancelResult(await callPg(ctx, { method: 'POST', path: pwPaths.refund(req.pgTid), form, schema: refundAnswer }));
  },

  async getTransaction(ctx, req) {
    const q = new URLSearchParams(signed(ctx, { key: ctx.channel.pgId, ag_external_id: req.orderId }));
    return toTransactionStatus(await callPg(ctx, { method: 'GET', path: `${pwPaths.payment}?${q}`, schema: chargeAnswer }));
  },
};
