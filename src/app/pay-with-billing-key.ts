/**
 * POST /subscribe/payments/again (reference §3.4): charge a stored billing key. A decline is still
 * code 0 with status "failed" (the critical billing semantic, reference §1.4).
 */
import { GatewayError } from '../core/errors.ts';
import type { CustomerUidUsage, Payment } from '../core/payment.ts';
import { getBillingKeyWithChannel } from '../storage/billing-keys.ts';
import { claimAttempt, runCharge } from './charge-attempt.ts';
import { parseOrder, type ChargeFields } from './charge-input.ts';
import { requireCredentialsFor } from './channel-credentials.ts';
import type { AppContext } from './context.ts';
import { checkNoticeUrls } from './outbound-targets.ts';

export async function payWithBillingKey(ctx: AppContext, merchantId: number, input: ChargeFields & { customerUid: string; usage?: CustomerUidUsage; userAgent: string | null }): Promise<Payment> {
  const found = await getBillingKeyWithChannel(ctx.db, merchantId, input.customerUid);
  if (!found) throw new GatewayError('CUSTOMER_NOT_REGISTERED');
  const { key, channel } = found;
  const connector = ctx.pg.connector(key.pgProvider);
  const caps = ctx.pg.capabilities(key.pgProvider);
  if (!channel || !channel.enabled || !connector || !caps.chargeBillingKey) throw new GatewayError('NO_API_BILLING_MODULE');
  requireCredentialsFor(ctx, channel, 'billing', '빌링키 결제');
  // Missing buyer fields come from the stored customer (reference §3.5 schedule items do the same).
  const buyer = {
    name: input.buyer.name ?? key.customerName, email: input.buyer.email ?? key.customerEmail, tel: input.buyer.tel ?? key.customerTel,
    addr: input.buyer.addr ?? key.customerAddr, postcode: input.buyer.postcode ?? key.customerPostcode,
  };
  const order = parseOrder({ ...input, buyer }, caps.currencies);
  await checkNoticeUrls(ctx.outbound, order.noticeUrls);
  // The PG's own rule (e.g. Paymentwall's same-email and browser_ip, reference §6.4) comes from its module.
  const refusal = caps.billingChargeRule?.({ buyerEmail: input.buyer.email, issuedEmail: key.customerEmail, browserIp: order.browserIp }) ?? null;
  if (refusal) throw new GatewayError(refusal.code, refusal.detail);
  const attempt = await claimAttempt(ctx, channel, {
    merchantId, merchantUid: order.merchantUid, payMethod: 'card', currency: order.currency, amount: order.amount, taxFree: order.taxFree,
    name: order.name, buyerName: buyer.name, buyerEmail: buyer.email, buyerTel: buyer.tel, buyerAddr: buyer.addr, buyerPostcode: buyer.postcode,
    customData: order.customData, noticeUrls: order.noticeUrls, cardQuota: order.cardQuota, userAgent: input.userAgent,
    customerUid: input.customerUid, customerUidUsage: input.usage ?? 'payment',
    cardCode: key.cardCode, cardName: key.cardName, cardNumber: key.cardNumber, cardType: key.cardType,
  });
  const cctx = ctx.pg.contextFor(channel);
  const billingKey = ctx.box.open(key.pgBillingKeyEnc);
  return runCharge(ctx, connector, cctx, attempt, () => connector.chargeBillingKey(cctx, {
    orderId: attempt.impUid, merchantUid: order.merchantUid, amount: order.amount, currency: order.currency, taxFree: order.taxFree,
    cardQuota: order.cardQuota, name: order.name, buyer, billingKey, browserIp: order.browserIp,
  }));
}
