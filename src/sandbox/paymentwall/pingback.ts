/**
 * Pingbacks of the sandbox Paymentwall (reference/pingback-home): the default Digital Goods
 * parameters as a GET query to the project's pingback URL (here: the widget call's `pingback_url`),
 * signed with the version the widget call used. The gateway must answer `OK`.
 */
import type { BookTx } from '../books.ts';
import { fakeSignature } from './fake-protocol.ts';

export type PingbackOf = { type: '0' | '2' | '202'; uid: string; signVersion: string; isTest: boolean; reason?: string };

export function pingbackQuery(tx: BookTx, secret: string, p: PingbackOf): Record<string, string> {
  const f: Record<string, string> = {
    uid: p.uid, goodsid: tx.orderId, slength: '', speriod: '', type: p.type, ref: tx.tid,
    ...(p.isTest ? { is_test: '1' } : {}), ...(p.reason ? { reason: p.reason } : {}), sign_version: p.signVersion,
  };
  return { ...f, sig: fakeSignature(f, secret, p.signVersion)! };
}

/** Sent once; the sandbox does not repeat unanswered pingbacks every 30 minutes as Paymentwall does. */
export async function sendPingback(notify: typeof fetch, url: string, q: Record<string, string>): Promise<{ delivered: boolean; status: number | null }> {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  try {
    const res = await notify(u.toString(), { method: 'GET', signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    return { delivered: res.status === 200 && body.trim() === 'OK', status: res.status };
  } catch {
    return { delivered: false, status: null };
  }
}
