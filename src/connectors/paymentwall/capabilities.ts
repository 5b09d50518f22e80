/** What Paymentwall supports (reference §6.4, §6.5). */
import type { Capabilities } from '../contract.ts';
import { currencyExponent, type Currency } from '../../core/money.ts';

export const paymentwallCapabilities: Capabilities = {
  provider: 'paymentwall',
  // pay_method is effectively ignored: the widget shows what the buyer's country and project allow.
  windowPayMethods: ['card'],
  windowBilling: true,
  // Issuance always charges the amount; a key-only issuance does not exist.
  windowBillingCharge: 'always',
  // `onetime` with customer_uid exists for PCI-DSS merchants only; we do not offer it.
  apiKeyIn: false,
  chargeBillingKey: true,
  // Neither the Brick refund nor the Cancellation API takes an amount (docs/pgs/paymentwall.md).
  partialCancel: false,
  escrowPayMethods: [],
  // A global PG: every currency openimp knows.
  currencies: Object.keys(currencyExponent) as Currency[],
  cardDirect: false,
  cardDetail: false,
  // A cancel opens a ticket; `cancelled` arrives later by pingback.
  asyncCancel: true,
  // The email must be the one used at issuance, and browser_ip is required (reference §6.4).
  billingChargeRule: ({ buyerEmail, issuedEmail, browserIp }) => {
    if (!buyerEmail || buyerEmail !== issuedEmail) return { code: 'BUYER_EMAIL_MISMATCH' };
    if (!browserIp) return { code: 'BAD_REQUEST', detail: 'Paymentwall 결제에는 browser_ip 가 필요합니다.' };
    return null;
  },
};
