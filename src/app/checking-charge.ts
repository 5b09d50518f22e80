/**
 * `checking_amount` of POST /subscribe/payments/schedule (reference §3.5): a test charge of a billing
 * key that was just issued from card data, cancelled at once, proving the card can really be charged.
 * The charge goes through the same order claim and cancel rules as any payment, so it shows in the
 * payment history as a cancelled payment.
 */
import { GatewayError } from '../core/errors.ts';
import { newImpUid } from '../core/ids.ts';
import { cancelPayment } from './cancel-payment.ts';
import type { AppContext } from './context.ts';
import { payWithBillingKey } from './pay-with-billing-key.ts';

export const CHECKING_CANCEL_REASON = 'checking_amount 자동취소';

/** Charges `amount` (wire units, currency KRW) to the customer's key and cancels it; throws when the card cannot be charged. */
export async function checkingCharge(ctx: AppContext, merchantId: number, customerUid: string, amount: number): Promise<void> {
  const payment = await payWithBillingKey(ctx, merchantId, {
    customerUid, usage: 'payment', userAgent: null,
    merchantUid: `checking_${newImpUid(ctx.random).slice(4)}`, amount, currency: 'KRW', taxFree: null, name: '카드 정상결제 확인',
    buyer: { name: null, email: null, tel: null, addr: null, postcode: null }, cardQuota: null, customData: null, noticeUrls: null, browserIp: null,
  });
  if (payment.status !== 'paid') throw new GatewayError('CHECKING_CHARGE_FAILED', payment.failReason ?? undefined);
  await cancelPayment(ctx, merchantId, {
    impUid: payment.impUid, merchantUid: null, amount: null, taxFree: null, checksum: payment.amount, reason: CHECKING_CANCEL_REASON,
    refundHolder: null, refundBank: null, refundAccount: null, refundTel: null, enableWebhook: false,
  });
}
