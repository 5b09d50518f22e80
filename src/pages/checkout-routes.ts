/**
 * The checkout protocol between the IMP SDK, the PG windows and the gateway (docs/checkout.md):
 *   POST /checkout/start            form field `payload` (JSON) from the SDK -> PG window (or a PG card form
 *                                   on our page, hosted-form.ts), or the refusal
 *   GET|POST /checkout/return/:imp  the PG window sends the browser back -> confirmed result
 *   GET /checkout/status/:imp       {done} for the waiting page (asynchronous PGs)
 *   GET /checkout/finish/:imp       the result: postMessage page (PC) or 302 to m_redirect_url (mobile)
 * Thin: parse, call one app function, render.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { checkoutErrors } from '../app/checkout-errors.ts';
import { redirectUrlOf, rejectedRsp, rspOf, type Rsp } from '../app/checkout-response.ts';
import { completeCheckout, isAwaitingResult, loadCheckout, type CheckoutState } from '../app/complete-checkout.ts';
import type { AppContext } from '../app/context.ts';
import { startCheckout, type CheckoutDeps } from '../app/start-checkout.ts';
import { clientErrorStatus } from '../core/errors.ts';
import { unstorableField } from '../core/storable-text.ts';
import { notFoundPage, pendingPage, resultPage, startPage } from './checkout-views.ts';
import { sendHostedFormPage } from './hosted-form.ts';

export type CheckoutRouteOptions = { ctx: AppContext; deps: CheckoutDeps; resultWaitSec: number };

const HTML = 'text/html; charset=utf-8';
const sendHtml = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).header('content-type', HTML).header('cache-control', 'no-store').send(body);

function originOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v ? v : null;
  } catch {
    return null;
  }
}

/**
 * The gateway base URL the SDK posted to (payload `gateway`), when it is not the public URL: taken
 * only if its host is the one this request came in at (Host, or a proxy's X-Forwarded-Host), so it
 * can never send a window elsewhere. Null means the public URL.
 */
function windowBaseOf(v: unknown, headers: Record<string, unknown>, publicUrl: string): string | null {
  if (typeof v !== 'string' || v.length > 300) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash) return null;
  const base = `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  if (base === publicUrl.replace(/\/+$/, '')) return null;
  const hosts = [headers.host, headers['x-forwarded-host']].flatMap((h) => (typeof h === 'string' ? h.split(',').map((x) => x.trim().toLowerCase()) : []));
  return hosts.includes(u.host) ? base : null;
}

/**
 * A refused start may send a mobile buyer to m_redirect_url only on the site whose page called
 * request_pay: the browser's own Origin header (not the payload, which anyone writes) must be the
 * URL's origin. Anything else gets the error page, so /checkout/start is no open redirect.
 */
function redirectsHome(url: string | null, callerOrigin: unknown): url is string {
  if (url === null || typeof callerOrigin !== 'string') return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === callerOrigin;
  } catch {
    return false;
  }
}

/** The SDK's request: `payload` as a form field (its own form POST) or the JSON body itself. */
function readPayload(body: unknown): Record<string, unknown> | null {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.payload === 'string') {
    try {
      const parsed: unknown = JSON.parse(b.payload);
      // The form field is itself JSON: its text is checked here, as the edge checks every other input.
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !unstorableField(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return typeof b.params === 'object' ? b : null;
}

/** PG return parameters, from the query and a form/JSON body; only flat string values. */
function returnedOf(query: unknown, body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const src of [query, body]) {
    if (!src || typeof src !== 'object') continue;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
  }
  return out;
}

export const checkoutRoutes = (opts: CheckoutRouteOptions): FastifyPluginAsync => async (app) => {
  const { ctx, deps } = opts;
  // The waiting and result pages are served where the SDK opened the window (it trusts only that origin).
  const urlOf = (kind: 'status' | 'finish', s: CheckoutState) => `${s.session.windowBase ?? deps.publicUrl}/checkout/${kind}/${s.payment.impUid}?token=${s.session.token}`;
  const ids = (s: CheckoutState) => ({ requestId: s.session.requestId, origin: s.session.origin });

  function deliver(reply: FastifyReply, s: CheckoutState, failure?: { code: string; msg: string }) {
    const rsp = rspOf(s.payment, s.session, failure);
    if (s.session.device === 'mobile' && s.session.mRedirectUrl) return reply.code(302).header('cache-control', 'no-store').redirect(redirectUrlOf(s.session.mRedirectUrl, rsp), 302);
    return sendHtml(reply, resultPage(rsp, ids(s)));
  }
  const show = (reply: FastifyReply, s: CheckoutState) =>
    isAwaitingResult(s.payment) ? sendHtml(reply, pendingPage(urlOf('status', s), urlOf('finish', s), opts.resultWaitSec)) : deliver(reply, s);

  app.setErrorHandler((err, req, reply) => {
    // What the browser sent could not be read (content type, JSON, NUL bytes): a 4xx that echoes nothing.
    const status = clientErrorStatus(err);
    if (status !== null) return sendHtml(reply, '<!doctype html><meta charset="utf-8"><p>결제 요청을 처리할 수 없습니다. 요청 내용을 확인하세요.</p>', status);
    req.log.error({ err }, 'checkout page failed');
    return sendHtml(reply, `<!doctype html><meta charset="utf-8"><p>결제 처리 중 오류가 발생했습니다. (request ${String(req.id).replace(/[^\w-]/g, '')})</p>`, 500);
  });

  app.post('/checkout/start', { schema: { hide: true } }, async (req, reply) => {
    const payload = readPayload(req.body);
    const params = payload && typeof payload.params === 'object' && payload.params !== null && !Array.isArray(payload.params) ? (payload.params as Record<string, unknown>) : null;
    const origin = originOf(payload?.origin);
    const requestId = typeof payload?.request_id === 'string' && /^[\w-]{1,64}$/.test(payload.request_id) ? payload.request_id : null;
    const device = payload?.device === 'mobile' ? 'mobile' : 'pc';
    const idsOf = { requestId, origin };
    if (!payload || !params) return sendHtml(reply, resultPage(rejectedRsp(null, checkoutErrors.INVALID_PARAMS, '결제 요청을 해석할 수 없습니다.', requestId), idsOf), 400);

    const r = await startCheckout(ctx, deps, {
      merchantCode: typeof payload.merchant_code === 'string' ? payload.merchant_code : '', params, device, origin, requestId,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 500) : null,
      windowBase: windowBaseOf(payload.gateway, req.headers, deps.publicUrl),
    });
    if (r.kind === 'window') {
      const announce = device === 'pc' || !r.session.mRedirectUrl;
      // A PG card form on our own page (Paymentwall's Brick.js), or the PG's window.
      if ('hostedForm' in r.start) return sendHostedFormPage(reply, r.start.hostedForm, r, idsOf, announce);
      return sendHtml(reply, startPage(r.start, r.payment.impUid, idsOf, announce));
    }
    const rsp: Rsp = rejectedRsp(r.merchantUid, r.errorCode, r.errorMsg, requestId);
    // Mobile pre-validation failures also go to m_redirect_url (SDK ≥ 1.1.5, reference §5.4), back to the calling site only.
    if (device === 'mobile' && redirectsHome(r.mRedirectUrl, req.headers.origin)) return reply.code(302).header('cache-control', 'no-store').redirect(redirectUrlOf(r.mRedirectUrl, rsp), 302);
    return sendHtml(reply, resultPage(rsp, idsOf));
  });

  const onReturn = async (req: { params: unknown; query: unknown; body?: unknown }, reply: FastifyReply) => {
    const impUid = (req.params as { imp: string }).imp;
    const s = await completeCheckout(ctx, deps, impUid, returnedOf(req.query, req.body));
    if (!s) return sendHtml(reply, notFoundPage(), 404);
    // PG windows return to the public URL; a window the SDK opened elsewhere finishes there.
    const redirected = s.session.device === 'mobile' && s.session.mRedirectUrl;
    if (s.session.windowBase && !redirected) return reply.code(303).header('cache-control', 'no-store').redirect(urlOf('finish', s), 303);
    return show(reply, s);
  };
  app.get('/checkout/return/:imp', { schema: { hide: true } }, onReturn);
  app.post('/checkout/return/:imp', { schema: { hide: true } }, onReturn);

  /** The checkout, if the caller holds its token (the gateway's own pages embed it). */
  async function authorized(params: unknown, query: unknown): Promise<CheckoutState | null> {
    const s = await loadCheckout(ctx, (params as { imp: string }).imp);
    const token = (query as { token?: unknown }).token;
    return s && typeof token === 'string' && token === s.session.token ? s : null;
  }

  app.get('/checkout/status/:imp', { schema: { hide: true } }, async (req, reply) => {
    const s = await authorized(req.params, req.query);
    if (!s) return reply.code(404).header('cache-control', 'no-store').send({ done: false, error: 'not found' });
    return reply.header('cache-control', 'no-store').send({ done: !isAwaitingResult(s.payment), status: s.payment.status });
  });

  app.get('/checkout/finish/:imp', { schema: { hide: true } }, async (req, reply) => {
    const s = await authorized(req.params, req.query);
    if (!s) return sendHtml(reply, notFoundPage(), 404);
    if (isAwaitingResult(s.payment)) {
      if ((req.query as { timeout?: string }).timeout !== '1') return show(reply, s);
      // Nothing changes: the payment stays `ready` and the PG's late report still settles it (and fires the webhook).
      return deliver(reply, s, { code: checkoutErrors.RESULT_TIMEOUT, msg: `PG사 결제결과 수신이 지연되고 있습니다. 잠시 후 결제내역을 확인하세요. (imp_uid: ${s.payment.impUid})` });
    }
    return deliver(reply, s);
  });
};
