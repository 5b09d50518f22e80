/**
 * `POST {webtx}/resultConfirm {tid, result}`: the merchant tells tPay it received and kept a window
 * result (official `ResultConfirm::send`, 3P Go `sendResultConfirm`). It is an acknowledgement, not the
 * approval (tPay approved inside its window), and both the official sample and the Go integration
 * ignore its answer: so does openimp. It is awaited (within the PG timeout) so the PG has it before the
 * buyer sees the result; an unanswered one changes nothing of the outcome. Reports whether it was answered (HTTP 200).
 */
import type { ConnectorContext } from '../contract.ts';
import { jtnetWindowPaths } from './window-wire.ts';

export async function sendResultConfirm(ctx: ConnectorContext, tid: string, result: string): Promise<boolean> {
  try {
    const res = await ctx.fetch(`${ctx.baseUrl.replace(/\/$/, '')}${jtnetWindowPaths.resultConfirm}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ tid, result }).toString(),
      redirect: 'manual', // the Go integration does not follow redirects either
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}
