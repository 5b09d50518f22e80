/**
 * POST /paymentwall/delivery (reference §6.4): Paymentwall withholds settlement of physical goods
 * until it is told about the delivery, so every field it needs is checked here and the notice kept.
 */
import { GatewayError } from '../core/errors.ts';
import { insertPaymentwallDelivery } from '../storage/escrows.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

export type DeliveryNotice = {
  imp_uid: string; merchant_uid: string; type: 'physical' | 'digital'; status: 'order_placed' | 'order_shipped' | 'delivering' | 'delivered';
  estimated_delivery_datetime: number; estimated_update_datetime: number; refundable: 'yes' | 'no'; shipping_address_email: string;
  [field: string]: unknown;
};

/** Required on top of the common fields when goods are shipped. */
export const physicalFields = [
  'carrier_tracking_id', 'carrier_type', 'shipping_address_country', 'shipping_address_city', 'shipping_address_zip',
  'shipping_address_state', 'shipping_address_street', 'shipping_address_phone', 'shipping_address_firstname', 'shipping_address_lastname',
] as const;

export async function sendPaymentwallDelivery(ctx: AppContext, merchantId: number, n: DeliveryNotice): Promise<{ success: 1 }> {
  if (n.type === 'physical') {
    const missing = physicalFields.filter((f) => typeof n[f] !== 'string' || (n[f] as string).trim() === '');
    if (missing.length > 0) throw new GatewayError('BAD_REQUEST', `실물 배송(type: physical)에는 ${missing.join(', ')} 파라미터가 필요합니다.`);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(n.shipping_address_email)) throw new GatewayError('BAD_REQUEST', 'shipping_address_email 형식이 올바르지 않습니다.');
  const p = await getPayment(ctx.db, merchantId, n.imp_uid);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  if (p.merchantUid !== n.merchant_uid) throw new GatewayError('BAD_REQUEST', 'imp_uid 와 merchant_uid 가 같은 결제건이 아닙니다.');
  if (p.pgProvider !== 'paymentwall') throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(Paymentwall 결제건만 배송정보를 등록할 수 있습니다)');
  if (p.status !== 'paid') throw new GatewayError('BAD_REQUEST', `결제완료 상태가 아닙니다. (status: ${p.status})`);
  await insertPaymentwallDelivery(ctx.db, { merchantId, impUid: p.impUid, type: n.type, status: n.status, body: JSON.stringify(n), createdAt: ctx.now() });
  return { success: 1 };
}
