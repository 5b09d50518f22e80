/**
 * The merchant console: server-rendered pages under /console, a Fastify plugin registered by the
 * gateway. Pages call src/app use cases only (the same ones the REST API uses).
 */
import cookie from '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { failureLimiter, type FailureLimits } from '../app/failure-limiter.ts';
import { merchantProfile } from '../app/merchant-settings.ts';
import { clientErrorStatus } from '../core/errors.ts';
import { currentSession, setLangCookie, type CookieOptions } from './auth/session.ts';
import { bare, langOf, nonceOf, setNonce } from './bare.ts';
import { formToken, sameOrigin, tokensMatch } from './csrf.ts';
import { html } from './html.ts';
import { isLang, translator } from './i18n.ts';
import { registerBillingKeys } from './pages/billing-keys.ts';
import { registerChannels } from './pages/channels.ts';
import { registerDashboard } from './pages/dashboard.ts';
import { registerKeys } from './pages/keys.ts';
import { registerLogin } from './pages/login.ts';
import { registerPayments } from './pages/payments.ts';
import { registerSandbox } from './pages/sandbox.ts';
import { registerSchedules } from './pages/schedules.ts';
import { registerWebhooks } from './pages/webhooks.ts';
import { redirectTo, safeConsolePath, type View } from './view.ts';

/**
 * Per (e-mail, address): 5 free failures, then 1 s doubling to 15 min between tries; an account with
 * 50 failures, or an address with 100, in 15 minutes holds back the pairs of it that failed.
 */
export const CONSOLE_SIGN_IN_LIMITS: FailureLimits = { freePerPair: 5, maxDelaySec: 900, perSubject: 50, perAddress: 100, windowSec: 900 };

export type ConsoleOptions = {
  /** Mark cookies Secure (the console is served over https). */
  secureCookies: boolean;
  /** Sign-in throttling (app/failure-limiter.ts); defaults: CONSOLE_SIGN_IN_LIMITS. */
  limits?: FailureLimits;
};

export type Handler = (v: View) => Promise<unknown>;
export type ConsoleRoutes = { get(path: string, h: Handler): void; post(path: string, h: Handler): void };


export function consolePlugin(ctx: AppContext, opts: ConsoleOptions): FastifyPluginAsync {
  const limiter = failureLimiter({ ...(opts.limits ?? CONSOLE_SIGN_IN_LIMITS), now: ctx.now });
  const cookies: CookieOptions = { secure: opts.secureCookies };

  const inner = async (app: FastifyInstance) => {
    await app.register(cookie);

    app.addHook('onRequest', async (req, reply) => {
      const nonce = randomBytes(16).toString('base64');
      setNonce(req, nonce);
      reply.header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      reply.header('cache-control', 'no-store');
    });

    const withView = (h: Handler, method: 'GET' | 'POST') => async (req: FastifyRequest, reply: FastifyReply) => {
      const session = await currentSession(ctx, req);
      if (!session) {
        const next = method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '?expired=1';
        return reply.redirect(`/console/login${next}`, 303);
      }
      const lang = langOf(req);
      const t = translator(lang);
      if (method === 'POST' && (!sameOrigin(req) || !tokensMatch(session.csrfToken, formToken(req.body)))) {
        return bare(req, reply, 403, t('error.title'), html`<h1>${t('error.title')}</h1><p><a href="/console/dashboard">${t('nav.dashboard')}</a></p>`, t('csrf.failed'));
      }
      const merchant = await merchantProfile(ctx, session.merchantId);
      return h({ ctx, req, reply, lang, t, nonce: nonceOf(req), cookies, session, merchant });
    };
    const routes: ConsoleRoutes = {
      get: (path, h) => app.get(path, withView(h, 'GET')),
      post: (path, h) => app.post(path, withView(h, 'POST')),
    };

    app.get('/', async (req, reply) => reply.redirect((await currentSession(ctx, req)) ? '/console/dashboard' : '/console/login', 303));
    app.get('/lang', async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      if (isLang(q.to)) setLangCookie(reply, cookies, q.to);
      return redirectTo({ reply }, safeConsolePath(q.back));
    });
    registerLogin(app, ctx, limiter, cookies);
    registerDashboard(routes);
    registerPayments(routes);
    registerChannels(routes);
    registerKeys(routes);
    registerWebhooks(routes);
    registerBillingKeys(routes);
    registerSchedules(routes);
    registerSandbox(routes);

    app.setNotFoundHandler((req, reply) => {
      const t = translator(langOf(req));
      return bare(req, reply, 404, t('error.notFound'), html`<h1>${t('error.notFound')}</h1><p><a href="/console">${t('app.title')}</a></p>`);
    });
    app.setErrorHandler((err, req, reply) => {
      const status = clientErrorStatus(err);
      if (status !== null) {
        const t = translator(langOf(req));
        return bare(req, reply, status, t('error.title'), html`<h1>${t('error.title')}</h1>`, t('error.badRequest'));
      }
      req.log.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'console error');
      const t = translator(langOf(req));
      return bare(req, reply, 500, t('error.title'), html`<h1>${t('error.title')}</h1>`, t('error.internal', { id: String(req.id) }));
    });
  };

  return async (app) => {
    await app.register(inner, { prefix: '/console' });
  };
}
