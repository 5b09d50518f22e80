/**
 * The transport connectors reach their PG with (ConnectorContext.fetch): the subset of `fetch` that
 * callPg uses (a string body, headers, an abort signal), over node:http(s) with keep-alive agents.
 * Node's own fetch (undici) costs about twice the CPU per call in Request/Response objects, web
 * streams and its connection pool, on every `again` (bench/README.md). Any other body falls back to
 * fetch. Redirects are not followed: a PG API that answers with one has not answered (callPg reads a
 * status it does not expect as `bad_response`).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
/** Statuses whose Response may carry no body. */
const nullBody = new Set([101, 204, 205, 304]);

function headersOf(init: RequestInit['headers']): Record<string, string> {
  if (!init) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init));
  return { ...(init as Record<string, string>) };
}

function responseOf(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 0;
  return new Response(nullBody.has(status) ? null : (body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer), { status, statusText: res.statusMessage ?? '', headers });
}

export const pgFetch: typeof fetch = (input, init = {}) => {
  const url = typeof input === 'string' || input instanceof URL ? new URL(input) : null;
  const body = init.body;
  if (!url || (body !== undefined && body !== null && typeof body !== 'string') || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init);
  const https = url.protocol === 'https:';
  const headers = headersOf(init.headers);
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<Response>((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: https ? agents.https : agents.http, signal: init.signal ?? undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(responseOf(res, Buffer.concat(chunks)));
        } catch (e) {
          reject(e);
        }
      });
      // Closed before its end (the signal aborted it, or the peer hung up): no answer.
      res.on('close', () => res.complete || reject(new Error('the connection closed before the answer ended')));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
};
