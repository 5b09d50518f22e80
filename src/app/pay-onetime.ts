/**
 * POST /subscribe/payments/onetime (reference §3.4): a key-in charge. With customer_uid the card is
 * also kept as a billing key (buyer_* copied to customer_*), and the charge goes through that key.
 */
import type { Payment } from '../core/payment.ts';
import { apiChannel, buyerOf, issueBillingKey, requireCard, type CardFields } from './billing-keys.ts';
import { claimAttempt, releaseClaim, runCharge } from './charge-attempt.ts';
import { parseOrder, type ChargeFields } from './charge-input.ts';
import type { AppContext } from './context.ts';
import { GatewayError } from '../core/errors.ts';
import { checkNoticeUrls } from './outbound-targets.ts';

export async function payOnetime(ctx: AppContext, merchantId: number, input: ChargeFields & { pg: string | null; card: CardFields; customerUid: string | null; userAgent: string | null }): Promise<Payment> {
  const card = requireCard(input.card);
  const channel = await apiChannel(ctx, merchantId, input.pg);
  const caps = ctx.pg.capabilities(channel.provider);
  const order = parseOrder(input, caps.currencies);
  await checkNoticeUrls(ctx.outbound, order.noticeUrls);
  const connector = ctx.pg.connector(channel.provider);
  const chargeCard = connector?.chargeCard;
  if (!connector || !chargeCard) throw new GatewayError('NO_API_BILLING_MODULE');
  const cctx = ctx.pg.contextFor(channel);
  const attempt = await claimAttempt(ctx, channel, {
    merchantId, merchantUid: order.merchantUid, payMethod: 'card', currency: order.currency, amount: order.amount, taxFree: order.taxFree,
    name: order.name, buyerName: order.buyer.name, buyerEmail: order.buyer.email, buyerTel: order.buyer.tel, buyerAddr: order.buyer.addr,
    buyerPostcode: order.buyer.postcode, customData: order.customData, noticeUrls: order.noticeUrls, cardQuota: order.cardQuota,
    userAgent: input.userAgent, customerUid: input.customerUid, customerUidUsage: input.customerUid ? 'payment' : null,
  });
  // The order is claimed before a key is issued: a request refused for its merchant_uid leaves no key.
  let billingKey: string | null = null;
  if (input.customerUid) {
    const b = await issueBillingKey(ctx, merchantId, input.customerUid, {
      pg: input.pg, card: input.card,
      customer: { customerId: null, name: order.buyer.name, tel: order.buyer.tel, email: order.buyer.email, addr: order.buyer.addr, postcode: order.buyer.postcode },
    }).catch(async (e: unknown) => {
      await releaseClaim(ctx, attempt);
      throw e;
    });
    billingKey = ctx.box.open(b.pgBillingKeyEnc);
  }
  const base = { orderId: attempt.impUid, merchantUid: order.merchantUid, amount: order.amount, currency: order.currency, taxFree: order.taxFree, cardQuota: order.cardQuota, name: order.name, buyer: buyerOf({ customerId: null, ...order.buyer }) };
  return runCharge(ctx, connector, cctx, attempt, () =>
    billingKey !== null
      ? connector.chargeBillingKey(cctx, { ...base, billingKey: billingKey!, browserIp: order.browserIp })
      : chargeCard(cctx, { ...base, card }));
}
