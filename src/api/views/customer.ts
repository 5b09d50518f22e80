/** The V1 CustomerAnnotation (reference §3.6): a billing key as merchants see it, card masked. */
import type { BillingKey } from '../../app/billing-keys.ts';

export function customerView(b: BillingKey) {
  return {
    customer_uid: b.customerUid,
    pg_provider: b.pgProvider,
    pg_id: b.pgId,
    sandbox: b.sandbox,
    customer_id: b.customerId,
    card_name: b.cardName,
    card_code: b.cardCode,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_number: b.cardNumber,
    card_type: b.cardType,
    customer_name: b.customerName,
    customer_tel: b.customerTel,
    customer_email: b.customerEmail,
    customer_addr: b.customerAddr,
    customer_postcode: b.customerPostcode,
    inserted: b.inserted,
    updated: b.updated,
  };
}
