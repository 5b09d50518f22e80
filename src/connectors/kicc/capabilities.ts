/** What KICC (EasyPay) supports (SEED 002, PortOne's KICC guide, docs/pgs/kicc.md). */
import type { Capabilities } from '../contract.ts';

export const kiccCapabilities: Capabilities = {
  provider: 'kicc',
  windowPayMethods: ['card', 'trans', 'vbank', 'phone'],
  // Card only, through a billing MID agreed with KICC (`pg: "kicc.{billing MID}"`).
  windowBilling: true,
  windowBillingCharge: 'display_only',
  apiKeyIn: false,
  chargeBillingKey: true,
  partialCancel: true,
  // Escrow only for cash methods, and then buyer fields and kiccProducts are required.
  escrowPayMethods: ['trans', 'vbank'],
  currencies: ['KRW'],
  // card.direct needs the MID enabled by KICC; that is the merchant's business, not ours.
  cardDirect: true,
  cardDetail: true,
  asyncCancel: false,
};
