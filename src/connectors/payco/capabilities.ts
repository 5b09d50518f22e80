/** What PAYCO supports (reference §6.1, §6.5; docs/pgs/payco.md). */
import type { Capabilities } from '../contract.ts';

export const paycoCapabilities: Capabilities = {
  provider: 'payco',
  // Current docs list these; older guides say PAYCO ignores pay_method and lets the buyer choose.
  windowPayMethods: ['card', 'trans', 'vbank'],
  windowBilling: true,
  // The amount of a billing-key window is shown, not charged; charge afterwards with `again`.
  windowBillingCharge: 'display_only',
  // No API (key-in) billing: no POST /subscribe/customers, no /subscribe/payments/onetime.
  apiKeyIn: false,
  chargeBillingKey: true,
  partialCancel: true,
  // Escrow is not documented for PAYCO [U].
  escrowPayMethods: [],
  currencies: ['KRW'],
  cardDirect: false,
  cardDetail: false,
  asyncCancel: false,
};
