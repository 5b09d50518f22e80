/** Body fields shared by /subscribe/payments/onetime and /again (reference §3.4), mapped for app/. */
import { z } from 'zod';
import type { ChargeFields } from '../app/charge-input.ts';
import { amount, bool, int, noticeUrl, orNull, text } from './fields.ts';

export const chargeBody = {
  merchant_uid: text().pipe(z.string().min(1).max(40)),
  amount: amount(),
  currency: z.string().optional(),
  tax_free: amount().optional(),
  vat_amount: amount().optional(),
  vat: amount().optional(),
  name: text().optional(),
  buyer_name: text().optional(),
  buyer_email: text().optional(),
  buyer_tel: text().optional(),
  buyer_addr: text().optional(),
  buyer_postcode: text().optional(),
  card_quota: int().pipe(z.number().int().min(0).max(36)).optional(),
  interest_free_by_merchant: bool().optional(),
  use_card_point: bool().optional(),
  custom_data: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  notice_url: noticeUrl().optional(),
  browser_ip: text().optional(),
  product_type: z.string().optional(),
  bypass: z.unknown().optional(),
  promotion_id: text().optional(),
};

type ChargeBody = z.output<z.ZodObject<typeof chargeBody>>;

export function toChargeFields(b: ChargeBody): ChargeFields {
  return {
    merchantUid: b.merchant_uid,
    amount: b.amount,
    currency: b.currency,
    taxFree: b.tax_free,
    name: orNull(b.name),
    buyer: { name: orNull(b.buyer_name), email: orNull(b.buyer_email), tel: orNull(b.buyer_tel), addr: orNull(b.buyer_addr), postcode: orNull(b.buyer_postcode) },
    cardQuota: b.card_quota ?? null,
    // custom_data is kept as a JSON string (reference §2).
    customData: b.custom_data === undefined ? null : typeof b.custom_data === 'string' ? b.custom_data : JSON.stringify(b.custom_data),
    noticeUrls: b.notice_url ?? null,
    browserIp: orNull(b.browser_ip),
  };
}
