/**
 * The transport connectors reach their PG with (ConnectorContext.fetch, a PgFetch): a string body,
 * headers and an abort signal over node:http(s) with keep-alive agents, answering the status, the
 * headers and the body read in full. Node's own fetch (undici) costs about twice the CPU per call in
 * Request/Response objects, web streams and its connection pool, on every `again`; so would a web
 * `Response` built here, whose body is a stream again (bench/README.md). Any other body falls back to
 * fetch. Redirects are not followed: a PG API that answers with one has not answered (callPg reads a
 * status it does not expect as `bad_response`).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PgAnswer, PgFetch } from './connectors/contract.ts';

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function headersOf(init: RequestInit['headers']): Record<string, string> {
  if (!init) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init));
  return { ...(init as Record<string, string>) };
}

/** Decodes as Response.text() does (UTF-8, a leading BOM dropped, bad bytes replaced). */
const utf8 = new TextDecoder();

function answerOf(res: IncomingMessage, body: Buffer): PgAnswer {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const text = utf8.decode(body);
  return { status: res.statusCode ?? 0, headers, text: () => Promise.resolve(text) };
}

export const pgFetch: PgFetch = (input, init = {}) => {
  const url = new URL(input);
  const body = init.body;
  if ((body !== undefined && body !== null && typeof body !== 'string') || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init);
  const https = url.protocol === 'https:';
  const headers = headersOf(init.headers);
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  const signal = init.signal ?? null;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<PgAnswer>((resolve, reject) => {
    // The signal is watched here rather than handed to node:http, whose own watch (a stream-finished
    // hook per request) costs more CPU than the rest of the call's bookkeeping.
    const onAbort = () => req.destroy(signal!.reason);
    const settle = <T>(to: (v: T) => void, v: T) => {
      signal?.removeEventListener('abort', onAbort);
      to(v);
    };
    const req = (https ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: https ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => settle(reject, e));
      res.on('end', () => {
        let answer: PgAnswer;
        try {
          answer = answerOf(res, Buffer.concat(chunks));
        } catch (e) {
          return settle(reject, e);
        }
        settle(resolve, answer);
      });
      // Closed before its end (the signal aborted it, or the peer hung up): no answer.
      res.on('close', () => res.complete || settle(reject, new Error('the connection closed before the answer ended')));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => settle(reject, e));
    req.end(body ?? undefined);
  });
};
