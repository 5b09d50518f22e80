/**
 * The `fetch` merchant-supplied URLs (confirm_url) go out with: node:http(s) with the outbound
 * policy's connect-time lookup (app/outbound-targets.ts), so the address the socket connects to is
 * the one that was checked. Enough of fetch for a POST and a short answer: no redirects are followed
 * (a 3xx is returned as it is), and at most MAX_BODY bytes of the answer are read.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalRefusal, type OutboundPolicy } from './app/outbound-targets.ts';

const MAX_BODY = 8192;

export function outboundFetch(policy: OutboundPolicy): typeof fetch {
  const lookup = guardedLookup(policy);
  return async (input, init) => {
    const req = new Request(input, init);
    const u = new URL(req.url);
    const refused = literalRefusal(policy, u);
    if (refused) throw new TypeError('fetch failed', { cause: refused });
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.from(await req.arrayBuffer());
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => { headers[k] = v; });
    if (body) headers['content-length'] = String(body.length);
    req.signal.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const out = (u.protocol === 'https:' ? https : http).request(u, { method: req.method, headers, lookup, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
          size += c.length;
          if (size >= MAX_BODY) res.destroy();
        });
        const done = () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
          const status = res.statusCode ?? 502;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: h }));
        };
        res.on('end', done);
        res.on('close', done);
      });
      out.on('error', (e) => reject(req.signal.aborted ? req.signal.reason : new TypeError('fetch failed', { cause: e })));
      out.end(body ?? undefined);
    });
  };
}
