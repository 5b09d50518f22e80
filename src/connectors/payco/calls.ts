/**
 * PAYCO calls the window and the API operations share: who is calling, and the order lookup
 * (`getDetailForVerify`) through which openimp learns everything it does not keep (the
 * `orderCertifyKey` a cancel needs, the outcome of an approval whose answer was lost).
 */
import type { ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { orderResponse, PAYCO_SANDBOX_CP_ID, PAYCO_SANDBOX_PRODUCT_ID, paycoPaths, type OrderResponse } from './wire.ts';

/** The seller (pg_id = sellerKey) and its contracted product; a channel without its own uses the published test pair (§2.5). */
export const paycoCaller = (ctx: ConnectorContext) => ({
  sellerKey: ctx.channel.pgId, cpId: ctx.channel.cpId ?? PAYCO_SANDBOX_CP_ID, productId: ctx.channel.productId ?? PAYCO_SANDBOX_PRODUCT_ID,
});

/**
 * `getDetailForVerify {sellerKey, reserveOrderNo, sellerOrderReferenceKey}` (payco_detailForVerify.php).
 * openimp's order ids are unique per seller (`UNIQUE_KEY`), so the reserve number is sent when the
 * caller knows it (a window's return, a notice) and left out otherwise, as PAYCO's own recovery
 * sample looks an order up by the seller's key.
 */
export function verifyOrder(ctx: ConnectorContext, orderId: string, reserveOrderNo: string | null = null): Promise<OrderResponse> {
  const json = { sellerKey: ctx.channel.pgId, sellerOrderReferenceKey: orderId, ...(reserveOrderNo ? { reserveOrderNo } : {}) };
  return callPg(ctx, { method: 'POST', path: paycoPaths.verify, json, schema: orderResponse });
}

