/**
 * zod descriptions of the V1 replies, for the OpenAPI document at /openapi.json. Replies are built by
 * the views in this folder; these schemas only document them (conformance is tested against
 * PortOne's own document in test/conformance.test.ts).
 */
import { z } from 'zod';

const str = () => z.string().nullable();
const int = () => z.number().int();

export const cancelHistorySchema = z.object({
  pg_tid: z.string(), amount: z.number(), cancelled_at: int(), reason: z.string(), cancellation_id: z.string(), receipt_url: str(),
});

export const paymentSchema = z.object({
  imp_uid: z.string(), merchant_uid: z.string(), pay_method: z.string(), channel: z.enum(['pc', 'mobile', 'api']),
  pg_provider: z.string(), emb_pg_provider: str(), pg_tid: str(), pg_id: str(), escrow: z.boolean(), apply_num: str(),
  bank_code: str(), bank_name: str(), card_code: str(), card_name: str(), card_issuer_code: str(), card_issuer_name: str(),
  card_publisher_code: str(), card_publisher_name: str(), card_quota: int(), card_number: str(), card_type: int().nullable(),
  vbank_code: str(), vbank_name: str(), vbank_num: str(), vbank_holder: str(), vbank_date: int(), vbank_issued_at: int(),
  name: str(), amount: z.number(), cancel_amount: z.number(), currency: z.string(), buyer_name: str(), buyer_email: str(),
  buyer_tel: str(), buyer_addr: str(), buyer_postcode: str(), custom_data: str().describe('merchant data as a JSON string'),
  user_agent: str(), status: z.enum(['ready', 'paid', 'failed', 'cancelled']), started_at: int(), paid_at: int(), failed_at: int(),
  cancelled_at: int(), fail_reason: str(), cancel_reason: str(), receipt_url: str(), cancel_history: z.array(cancelHistorySchema),
  cancel_receipt_urls: z.array(z.string()), cash_receipt_issued: z.boolean(), customer_uid: str(),
  customer_uid_usage: z.enum(['issue', 'payment', 'payment.scheduled']).nullable(), sandbox: z.boolean(),
}).describe('PaymentAnnotation');

export const pagedPaymentsSchema = z.object({ total: int(), previous: int(), next: int(), list: z.array(paymentSchema) });

export const customerSchema = z.object({
  customer_uid: z.string(), pg_provider: z.string(), pg_id: z.string(), sandbox: z.boolean(), customer_id: str(), card_name: str(),
  card_code: str(), card_issuer_code: str(), card_issuer_name: str(), card_publisher_code: str(), card_publisher_name: str(),
  card_number: str().describe('masked'), card_type: int().nullable(), customer_name: str(), customer_tel: str(), customer_email: str(),
  customer_addr: str(), customer_postcode: str(), inserted: int(), updated: int(),
}).describe('CustomerAnnotation');

/** The V1 envelope around a response. */
export const envelope = (response: z.ZodType) => z.object({ code: int(), message: z.string().nullable(), response });

export const errorEnvelopeSchema = z.object({ code: int().describe('-1 or 1'), message: z.string(), response: z.null() });
