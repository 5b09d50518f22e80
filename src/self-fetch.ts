/**
 * A `fetch` that delivers requests for this server's own public URL in process (Fastify inject), so a
 * sandbox simulator's notification, or a confirm_url pointing at the demo shop, never needs a socket
 * (nor a reachable public URL); anything else goes out with the real fetch.
 */
import type { FastifyInstance } from 'fastify';

export type SelfFetch = { fetch: typeof fetch; attach(app: FastifyInstance): void };

export function selfFetch(publicUrl: string, outside: typeof fetch = fetch): SelfFetch {
  let app: FastifyInstance | null = null;
  const self = new URL(publicUrl);
  // A public URL with a path (`https://shop.example/pay`) is a reverse proxy that strips it: this server's routes sit below it.
  const prefix = self.pathname.replace(/\/$/, '');
  const mine = (u: URL) => u.origin === self.origin && u.pathname.startsWith(prefix + '/');
  const handle: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (!app || !mine(url)) return outside(input, init);
    req.signal.throwIfAborted();
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => { headers[k] = v; });
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.from(await req.arrayBuffer());
    const injected = app.inject({ method: req.method as 'POST', url: url.pathname.slice(prefix.length) + url.search, headers, payload: body });
    // Honour the caller's timeout the way a real fetch does (confirm_url allows 10 s).
    const aborted = new Promise<never>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true }));
    const res = await Promise.race([injected, aborted]);
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [String(v)]) out.append(k, one);
    }
    const noBody = res.statusCode === 204 || res.statusCode === 304;
    return new Response(noBody ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
  return { fetch: handle, attach(a) { app = a; } };
}
