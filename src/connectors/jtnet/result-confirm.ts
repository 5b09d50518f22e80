/**
 * `POST {webtx}/resultConfirm {tid, result}`: the merchant tells tPay it received and kept a window
 * result (official `ResultConfirm::send`, 3P Go `sendResultConfirm`). Its answer has no published
 * format (the sample ignores it), so any HTTP 200 counts; no answer is a transport failure, which
 * leaves the attempt unknown and the background re-check sends the confirmation again.
 */
import { PgTransportError, type ConnectorContext } from '../contract.ts';
import { jtnetWindowPaths } from './window-wire.ts';

export async function sendResultConfirm(ctx: ConnectorContext, tid: string, result: string): Promise<void> {
  const where = `POST ${jtnetWindowPaths.resultConfirm}`;
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let res: Response;
  try {
    res = await ctx.fetch(`${ctx.baseUrl.replace(/\/$/, '')}${jtnetWindowPaths.resultConfirm}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ tid, result }).toString(),
      redirect: 'manual', // the Go integration does not follow redirects either
      signal,
    });
    await res.text();
  } catch (e) {
    throw signal.aborted
      ? new PgTransportError('timeout', `PG did not answer ${where} within ${ctx.timeoutMs} ms`)
      : new PgTransportError('unreachable', `PG unreachable on ${where}: ${e instanceof Error ? e.message : 'unknown error'}`);
  }
  if (res.status !== 200) throw new PgTransportError('bad_response', `PG answered HTTP ${res.status} on ${where}`);
}
