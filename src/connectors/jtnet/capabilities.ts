/** What JTNet supports (reference §6.3, §6.5). */
import type { Capabilities } from '../contract.ts';

export const jtnetCapabilities: Capabilities = {
  provider: 'jtnet',
  windowPayMethods: ['card', 'trans', 'vbank', 'phone'],
  // customer_uid + pay_method 'card' in request_pay.
  windowBilling: true,
  // amount 0 issues the key only; amount > 0 issues it and charges that amount (SEED 003).
  windowBillingCharge: 'charge_when_positive',
  // The JTNet API MID: /subscribe/customers, /subscribe/payments/onetime (MANUAL jtnet-api-billing-key).
  apiKeyIn: true,
  chargeBillingKey: true,
  partialCancel: true,
  // Escrow is not documented for JTNet [U]; we offer none rather than guess.
  escrowPayMethods: [],
  currencies: ['KRW'],
  // card.direct is not documented for JTNet; card.detail (enable only some companies) is.
  cardDirect: false,
  cardDetail: true,
  asyncCancel: false,
  // tPay publishes no status lookup (pg-protocols.md §3.6): a lost outcome stays unknown (docs/pgs/jtnet.md).
  statusLookup: false,
};
