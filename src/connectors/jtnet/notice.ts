/**
 * A virtual-account deposit reported by the PG. tPay publishes no notification (pg-protocols.md §3.6),
 * so its form is openimp's choice, shared with the fake JTNet (docs/pgs/jtnet-fake.md): the window
 * result's fields, `resultCd` 4110, posted form-urlencoded to the window's `retryUrl` (재통보), `amt` and
 * `moid` encrypted with the merchant key like a window result, which is what authenticates it.
 */
import type { ConnectorContext, Notification } from '../contract.ts';
import { tpayDecrypt } from './crypto.ts';
import { merchantKey } from './map.ts';
import { windowResult } from './window-wire.ts';

/** `resultCd` of a deposit (openimp's choice). */
export const DEPOSIT_CODE = '4110';

export function parseDepositNotice(ctx: ConnectorContext, body: string): Notification {
  const parsed = windowResult.safeParse(Object.fromEntries(new URLSearchParams(body)));
  if (!parsed.success) return { kind: 'rejected', reason: 'not a JTNet notification' };
  const n = parsed.data;
  if (n.mid !== ctx.channel.pgId) return { kind: 'rejected', reason: 'notification for another MID' };
  if (n.payMethod !== 'VBANK' || n.resultCd !== DEPOSIT_CODE || !n.tid) return { kind: 'rejected', reason: `unexpected resultCd ${n.resultCd}` };
  const key = merchantKey(ctx);
  const moid = tpayDecrypt(n.moid, key, n.ediDate);
  const amt = tpayDecrypt(n.amt, key, n.ediDate);
  if (moid === null || amt === null || !/^[0-9]+$/.test(amt)) return { kind: 'rejected', reason: 'bad encryption' };
  return { kind: 'vbank_deposit', orderId: moid, pgTid: n.tid, amount: Number(amt), depositorName: n.vbankInputName || null };
}
