/**
 * KICC's webhook (docs.kicc.co.kr services/webhook, developer.easypay.co.kr notification): a JSON POST
 * to the one URL registered in KICC's admin console (`{public URL}/pg/kicc/notify`), unsigned, from
 * KICC's documented addresses (the gateway checks them). `notiType`: 10 approval, 20 change (cancel or
 * refund), 30 virtual-account deposit, 31 deposit cancel, 40 escrow, 50 refund complete.
 * Approvals are read back from KICC's lookup before they count; deposits and cancels count as sent.
 */
import type { ConnectorContext, Notification } from '../contract.ts';
import { lookupApproval } from './lookup.ts';
import { windowOutcomeOf } from './map.ts';
import { KICC_SUCCESS, kiccMethods, notification, type KiccNotification } from './wire.ts';

function read(body: string): KiccNotification | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = notification.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The order a notification names (`shopOrderNo`, our imp_uid), read before the channel is known. */
export const kiccOrderOf = (body: string): string | null => read(body)?.shopOrderNo ?? null;

export async function kiccNotification(ctx: ConnectorContext, body: string): Promise<Notification> {
  const n = read(body);
  if (!n) return { kind: 'rejected', reason: 'not a KICC notification' };
  if (n.mallId !== ctx.channel.pgId) return { kind: 'rejected', reason: 'notification for another mall id' };
  if (n.resCd !== KICC_SUCCESS) return { kind: 'ignored', reason: `resCd ${n.resCd}` }; // KICC notifies successes only
  switch (n.notiType) {
    case '30': {
      const amount = n.depositAmount ?? n.amount;
      if (amount === undefined) return { kind: 'rejected', reason: 'deposit without amount' };
      return { kind: 'vbank_deposit', orderId: n.shopOrderNo, pgTid: n.pgCno, amount, depositorName: n.depositorName || null };
    }
    case '10': {
      // The webhook is unsigned: the approval is what KICC's own lookup reports for this order.
      const found = await lookupApproval(ctx, n.shopOrderNo, null);
      if (found.kind !== 'found' || found.r.resCd !== KICC_SUCCESS || found.r.pgCno !== n.pgCno) return { kind: 'rejected', reason: 'approval not confirmed by the lookup' };
      return { kind: 'outcome', orderId: n.shopOrderNo, outcome: windowOutcomeOf(found.r, { key: null, mode: ctx.channel.mode, billing: found.r.paymentInfo?.payMethodTypeCode === kiccMethods.billing }) };
    }
    case '20': {
      const amount = n.cancelAmount ?? n.amount;
      if (!n.cancelPgCno || amount === undefined) return { kind: 'rejected', reason: 'change without cancelPgCno or amount' };
      return { kind: 'cancelled', orderId: n.shopOrderNo, pgCancelTid: n.cancelPgCno, amount };
    }
    default:
      // 31 deposit cancel, 40 escrow status, 50 refund complete: acknowledged, nothing changes in V1.
      return { kind: 'ignored', reason: `notiType ${n.notiType}` };
  }
}
