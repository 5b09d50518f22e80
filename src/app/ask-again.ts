/**
 * Settling an unknown charge at a PG that publishes no status lookup (JTNet, capability
 * `statusLookup: false`): the PG is asked again with the same order number (our imp_uid as its `moid`),
 * which the sandbox's fake PG answers with that order's first result instead of charging it twice
 * (docs/pgs/jtnet.md, "Unknown outcomes"; never at a real host: `asksAgain`). Right after the failed
 * call the request itself is repeated; later, in the background re-check, only a billing-key charge
 * can be repeated (its key is stored; a key-in card is never kept), and only with the key the attempt
 * was made with, so other attempts stay unknown.
 */
import { PgTransportError, type ChargeResult, type Connector, type ConnectorContext } from '../connectors/contract.ts';
import type { Payment } from '../core/payment.ts';
import { getBillingKeyWithChannel } from '../storage/billing-keys.ts';
import type { AppContext } from './context.ts';

/**
 * Only on a sandbox channel: its fake PG is known to answer a repeated order number with the first
 * result. No tPay source says tPay does, and a host that charged the repeat again, or refused it, would
 * turn the repeat into a double charge or a wrong decline; so at a test or live channel a lost charge is
 * not repeated and stays unknown until an operator settles it (docs/pgs/jtnet.md, "Unknown outcomes").
 */
export const asksAgain = (connector: Connector, cctx: ConnectorContext): boolean => connector.capabilities.statusLookup === false && cctx.channel.mode === 'sandbox';

/** One more try of the same request; null when the PG again did not answer. */
export async function repeatCall(call: () => Promise<ChargeResult>): Promise<ChargeResult | null> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof PgTransportError) return null;
    throw e;
  }
}

/** The background re-check's repeat: the attempt's billing-key charge, when its key is still the one on its channel. */
export async function repeatStoredCharge(ctx: AppContext, connector: Connector, cctx: ConnectorContext, attempt: Payment): Promise<ChargeResult | null> {
  if (attempt.customerUid === null) return null;
  const found = await getBillingKeyWithChannel(ctx.db, attempt.merchantId, attempt.customerUid);
  if (!found || found.channel?.id !== attempt.channelId || found.key.updated > attempt.startedAt) return null;
  const billingKey = ctx.box.open(found.key.pgBillingKeyEnc);
  const buyer = { name: attempt.buyerName, email: attempt.buyerEmail, tel: attempt.buyerTel, addr: attempt.buyerAddr, postcode: attempt.buyerPostcode };
  return repeatCall(() => connector.chargeBillingKey(cctx, {
    orderId: attempt.impUid, merchantUid: attempt.merchantUid, amount: attempt.amount, currency: attempt.currency, taxFree: attempt.taxFree,
    cardQuota: attempt.cardQuota, name: attempt.name, buyer, billingKey, browserIp: null,
  }));
}
