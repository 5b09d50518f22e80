/**
 * The one way a connector talks to its PG: the injected fetch, under the context's base URL, aborted
 * after `timeoutMs`. Every way of not getting a protocol answer becomes a PgTransportError, so the
 * attempt is marked unknown and resolved later by a status check (ARCHITECTURE rule 5).
 * Error messages name the path only: request and response bodies may carry card data.
 */
import type { z } from 'zod';
import { PgTransportError, type ConnectorContext, type PgAnswer } from './contract.ts';

export type PgCall<T> = {
  method: 'GET' | 'POST';
  /** Below ctx.baseUrl, starting with '/'; may carry a query string. */
  path: string;
  /** Sent form-urlencoded (the Korean PG convention). */
  form?: Record<string, string>;
  /** Sent as JSON instead (PAYCO, KICC); ignored when `form` is given. */
  json?: unknown;
  /** Extra request headers (Paymentwall's `X-ApiKey`). */
  headers?: Record<string, string>;
  /** HTTP statuses besides 200 whose body is still the PG's answer (Brick errors come as 4xx JSON). */
  answerStatuses?: readonly number[];
  /** The PG's answer; anything else is `bad_response`. */
  schema: z.ZodType<T>;
};

export async function callPg<T>(ctx: ConnectorContext, call: PgCall<T>): Promise<T> {
  // A timer of its own, cleared once the answer is read: AbortSignal.timeout costs about ten times the
  // CPU (a transferable signal, a timer left running for timeoutMs after the call) on every PG call.
  const abort = new AbortController();
  const signal = abort.signal;
  const timer = setTimeout(() => abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ctx.timeoutMs);
  // Never the query: it may carry a credential (JTNet's lookup takes `api_key`).
  const where = `${call.method} ${call.path.split('?')[0]}`;
  const failed = (e: unknown): PgTransportError =>
    signal.aborted
      ? new PgTransportError('timeout', `PG did not answer ${where} within ${ctx.timeoutMs} ms`)
      : new PgTransportError('unreachable', `PG unreachable on ${where}: ${e instanceof Error ? e.message : 'unknown error'}`);

  let res: PgAnswer;
  let text: string;
  try {
    res = await ctx.fetch(`${ctx.baseUrl.replace(/\/$/, '')}${call.path}`, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...call.headers,
        ...(call.form ? { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }
          : call.json !== undefined ? { 'content-type': 'application/json;charset=utf-8' } : {}),
      },
      body: call.form ? new URLSearchParams(call.form).toString() : call.json !== undefined ? JSON.stringify(call.json) : undefined,
      signal,
    });
    text = await res.text(); // read even on errors so the connection is released
  } catch (e) {
    throw failed(e);
  } finally {
    clearTimeout(timer);
  }
  if (res.status !== 200 && !call.answerStatuses?.includes(res.status)) throw new PgTransportError('bad_response', `PG answered HTTP ${res.status} on ${where}`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new PgTransportError('bad_response', `PG answered non-JSON on ${where}`);
  }
  const parsed = call.schema.safeParse(body);
  if (!parsed.success) throw new PgTransportError('bad_response', `PG answer on ${where} does not match its protocol`);
  return parsed.data;
}
