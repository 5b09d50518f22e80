/**
 * What the demo shop page (/demo) may read: the demo merchant's sandbox payments, by imp_uid, so a
 * newcomer sees the payment as the REST API returns it without the merchant's secret in the browser.
 */
import type { Payment } from '../core/payment.ts';
import { findMerchantByCode } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

/** null unless it is a sandbox payment of the demo merchant. */
export async function demoPayment(ctx: AppContext, demoMerchantCode: string, impUid: string): Promise<Payment | null> {
  const merchant = await findMerchantByCode(ctx.db, demoMerchantCode);
  if (!merchant) return null;
  const p = await getPayment(ctx.db, merchant.id, impUid);
  return p && p.sandbox ? p : null;
}
