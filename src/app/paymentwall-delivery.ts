/**
 * POST /paymentwall/delivery (reference §6.4): Paymentwall withholds settlement of physical goods
 * until it is told about the delivery: every field it needs is checked here, the notice goes to its
 * Delivery Confirmation API, and what it accepted is kept.
 */
import { PgTransportError } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { insertPaymentwallDelivery } from '../storage/escrows.ts';
import { findChannel } from '../storage/merchants.ts';
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

type DeliveryAnswer = { success: 1 } | { error_code: number | string; error: string; notices: string[] };

export async function sendPaymentwallDelivery(ctx: AppContext, merchantId: number, n: DeliveryNotice): Promise<DeliveryAnswer> {
  if (n.type === 'physical') {
    const missing = physicalFields.filter((f) => typeof n[f] !== 'string' || (n[f] as string).trim() === '');
    if (missing.length > 0) throw new GatewayError('BAD_REQUEST', `실물 배송(type: physical)에는 ${missing.join(', ')} 파라미터가 필요합니다.`);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(n.shipping_address_email)) throw new GatewayError('BAD_REQUEST', 'shipping_address_email 형식이 올바르지 않습니다.');
  const p = await getPayment(ctx.db, merchantId, n.imp_uid);
  if (!p) throw new GatewayError('PAYMENTWALL_PAYMENT_NOT_FOUND');
  if (p.merchantUid !== n.merchant_uid) throw new GatewayError('BAD_REQUEST', 'imp_uid 와 merchant_uid 가 같은 결제건이 아닙니다.');
  if (p.pgProvider !== 'paymentwall') throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(Paymentwall 결제건만 배송정보를 등록할 수 있습니다)');
  if (p.status !== 'paid') throw new GatewayError('PAYMENTWALL_DELIVERY_NOT_PAID', `(status: ${p.status})`);
  const channel = p.channelId === null ? null : await findChannel(ctx.db, merchantId, p.channelId);
  const connector = ctx.pg.connector('paymentwall');
  if (!channel || !connector?.confirmDelivery || p.pgTid === null) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(Paymentwall 채널 정보를 찾을 수 없습니다)');
  const str = (k: string): string => (typeof n[k] === 'string' ? (n[k] as string) : '');
  let answer;
  try {
    answer = await connector.confirmDelivery(ctx.pg.contextFor(channel), {
      pgTid: p.pgTid, merchantUid: p.merchantUid, type: n.type, status: n.status, estimatedDelivery: n.estimated_delivery_datetime,
      estimatedUpdate: n.estimated_update_datetime, refundable: n.refundable === 'yes', email: n.shipping_address_email,
      reason: str('reason') || null, details: str('details') || null, carrierTrackingId: str('carrier_tracking_id') || null, carrierType: str('carrier_type') || null,
      shipping: n.type === 'physical' ? {
        country: str('shipping_address_country'), city: str('shipping_address_city'), zip: str('shipping_address_zip'), state: str('shipping_address_state'),
        street: str('shipping_address_street'), phone: str('shipping_address_phone'), firstname: str('shipping_address_firstname'), lastname: str('shipping_address_lastname'),
      } : null,
    });
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    ctx.log.warn({ imp_uid: p.impUid, reason: e.reason }, 'Paymentwall delivery confirmation got no answer');
    throw new GatewayError('PG_UNREACHABLE', 'Paymentwall 배송정보 API 가 응답하지 않았습니다. 잠시 후 다시 요청하세요.');
  }
  // Paymentwall's refusal is passed through as the reference describes: response { error_code, error, notices }.
  if (answer.kind === 'rejected') return { error_code: Number(answer.pgCode) || answer.pgCode, error: answer.pgMessage, notices: answer.notices };
  await insertPaymentwallDelivery(ctx.db, { merchantId, impUid: p.impUid, type: n.type, status: n.status, body: JSON.stringify(n), createdAt: ctx.now() });
  return { success: 1 };
}
