/**
 * One webhook POST with the V1 timeouts (reference §4): 10 s to connect, 30 s for the answer, as
 * separate limits (fetch offers only one). Never throws: every outcome is a SendResult to log.
 * Only to addresses the outbound policy allows, checked on the address actually connected to
 * (app/outbound-targets.ts); of the answer only the status and a short, sanitised excerpt are kept.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalRefusal, type OutboundPolicy } from '../app/outbound-targets.ts';
import type { SendResult } from '../app/webhooks.ts';

export type PostOptions = { connectTimeoutMs: number; readTimeoutMs: number; agents: { http: http.Agent; https: https.Agent }; policy: OutboundPolicy };

/** How much of a receiver's answer the delivery log keeps (GET /webhooks/deliveries shows it). */
export const EXCERPT = 200;
const sanitised = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, EXCERPT);

export function keepAliveAgents() {
  return { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
}

export function postWebhook(url: string, headers: Record<string, string>, body: string, o: PostOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (httpStatus: number | null, error: string | null, responseExcerpt: string | null): SendResult =>
    ({ httpStatus, error, responseExcerpt, durationMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve(done(null, 'invalid URL', null));
    }
    const refused = literalRefusal(o.policy, u);
    if (refused) return resolve(done(null, refused.message, null));
    const secure = u.protocol === 'https:';
    const req = (secure ? https : http).request(u, {
      method: 'POST',
      agent: secure ? o.agents.https : o.agents.http,
      lookup: guardedLookup(o.policy),
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'openimp-webhook/1' },
    });
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      resolve(r);
    };
    let readTimer: NodeJS.Timeout | undefined;
    const startRead = () => {
      clearTimeout(connectTimer);
      readTimer = setTimeout(() => {
        req.destroy();
        finish(done(null, `read timeout after ${o.readTimeoutMs} ms`, null));
      }, o.readTimeoutMs);
    };
    const connectTimer = setTimeout(() => {
      req.destroy();
      finish(done(null, `connect timeout after ${o.connectTimeoutMs} ms`, null));
    }, o.connectTimeoutMs);
    req.on('socket', (socket) => {
      // A kept-alive socket is connected already; a fresh one reports when it is.
      if (socket.connecting) socket.once(secure ? 'secureConnect' : 'connect', startRead);
      else startRead();
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < EXCERPT) text += chunk.slice(0, EXCERPT - text.length);
      });
      res.on('end', () => finish(done(res.statusCode ?? null, null, sanitised(text))));
      res.on('error', (e) => finish(done(res.statusCode ?? null, e.message, sanitised(text))));
    });
    req.on('error', (e) => finish(done(null, e.message, null)));
    req.end(body);
  });
}
