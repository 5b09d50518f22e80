/**
 * POST /payco/orders/status/{imp_uid} (reference §3.10): the merchant tells PAYCO that a paid order's
 * product started shipping, was confirmed by the buyer, or was cancelled, through PAYCO's
 * `/outseller/order/updateOrderProductStatus`. openimp keeps nothing of it: PAYCO is the record.
 */
import { PgTransportError } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { findChannel } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

/** The statuses V1 accepts (PaycoStatusAnnotation); PAYCO's sample lists the same values. */
export const paycoOrderStatuses = ['DELIVERY_START', 'PURCHASE_DECISION', 'CANCELED'] as const;
export type PaycoOrderStatus = (typeof paycoOrderStatuses)[number];

export async function updatePaycoOrderStatus(ctx: AppContext, merchantId: number, impUid: string, status: PaycoOrderStatus): Promise<{ status: PaycoOrderStatus }> {
  const p = await getPayment(ctx.db, merchantId, impUid);
  if (!p) throw new GatewayError('PAYCO_PAYMENT_NOT_FOUND');
  if (p.pgProvider !== 'payco') throw new GatewayError('PAYCO_ONLY', `(pg_provider: ${p.pgProvider})`);
  if (p.status !== 'paid' || p.pgTid === null) throw new GatewayError('PAYCO_STATUS_NOT_PAID', `(status: ${p.status})`);
  const channel = p.channelId === null ? null : await findChannel(ctx.db, merchantId, p.channelId);
  const update = ctx.pg.connector('payco')?.updateOrderStatus;
  if (!channel || !update) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(PAYCO 채널 정보를 찾을 수 없습니다)');
  let r;
  try {
    r = await update(ctx.pg.contextFor(channel), { orderId: p.impUid, pgTid: p.pgTid, status });
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    ctx.log.warn({ imp_uid: p.impUid, reason: e.reason }, 'PAYCO order status update got no answer');
    throw new GatewayError('PG_UNREACHABLE', 'PAYCO 주문상태 변경 API 가 응답하지 않았습니다. 잠시 후 다시 요청하세요.');
  }
  if (r.kind === 'rejected') throw new GatewayError('PAYCO_STATUS_FAILED', `[${r.pgCode}] ${r.pgMessage}`);
  return { status };
}
