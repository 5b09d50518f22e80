/**
 * `POST /paymentwall/delivery` to the Delivery Confirmation API (`POST /api/delivery`, form fields
 * of apis#section-tools-delivery-confirmation-physical). V1's statuses and field names are PortOne's;
 * the mapping below is openimp's reading of both documents (docs/pgs/paymentwall.md).
 */
/** V1 status to Paymentwall's: `order_shipped` has no name there; "started" is "the delivery has been started". */
const statusMap: Record<DeliveryRequest['status'], string> = { order_placed: 'order_placed', order_shipped: 'started', delivering: 'delivering', delivered: 'delivered' };

/** "2017/01/15 15:04:55 +0000", the documented date format, in UTC. */
import type { DeliveryRequest } from '../contract.ts';

export function pwDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function deliveryFields(r: DeliveryRequest, isTest: boolean): Record<string, string> {
  const s = r.shipping;
  return {
    payment_id: r.pgTid, merchant_reference_id: r.merchantUid, type: r.type, status: statusMap[r.status],
    estimated_delivery_datetime: pwDate(r.estimatedDelivery), estimated_update_datetime: pwDate(r.estimatedUpdate),
    refundable: r.refundable ? 'true' : 'false', reason: r.reason ?? 'null', details: r.details ?? r.status, attachments: 'null',
    'shipping_address[email]': r.email,
    ...(isTest ? { is_test: '1' } : {}),
    ...(r.carrierTrackingId ? { carrier_tracking_id: r.carrierTrackingId } : {}),
    ...(r.carrierType ? { carrier_type: r.carrierType } : {}),
    ...(s ? {
      'shipping_address[country]': s.country, 'shipping_address[city]': s.city, 'shipping_address[zip]': s.zip, 'shipping_address[state]': s.state,
      'shipping_address[street]': s.street, 'shipping_address[phone]': s.phone, 'shipping_address[firstname]': s.firstname, 'shipping_address[lastname]': s.lastname,
    } : {}),
  };
}
