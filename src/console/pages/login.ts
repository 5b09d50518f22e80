/** GET/POST /console/login and POST /console/logout. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { sessionFor, signIn, signOut } from '../../app/console-users.ts';
import type { FailureLimiter } from '../../app/failure-limiter.ts';
import { clearSessionCookie, loginCsrfCookie, loginCsrfToken, sessionCookie, setSessionCookie, type CookieOptions } from '../auth/session.ts';
import { csrfField, formToken, sameOrigin, tokensMatch } from '../csrf.ts';
import { html } from '../html.ts';
import { translator, type MessageKey } from '../i18n.ts';
import { bare, langOf } from '../bare.ts';
import { field, safeConsolePath } from '../view.ts';

export function registerLogin(app: FastifyInstance, ctx: AppContext, limiter: FailureLimiter, cookies: CookieOptions): void {
  const form = (req: Parameters<typeof bare>[0], reply: Parameters<typeof bare>[1], status: number, o: { email?: string | null; error?: string | null; notice?: MessageKey | null }) => {
    const t = translator(langOf(req));
    const token = loginCsrfToken(req, reply, cookies);
    const next = field(req.query, 'next') ?? field(req.body, 'next');
    return bare(req, reply, status, t('login.title'), html`<div class="login card">
<h1>${t('login.title')}</h1>
${o.notice ? html`<p class="flash" role="status">${t(o.notice)}</p>` : null}
<form method="post" action="/console/login" novalidate>
${csrfField(token)}
${next ? html`<input type="hidden" name="next" value="${safeConsolePath(next)}">` : null}
<label for="email">${t('login.email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ''}" autofocus>
<label for="password">${t('login.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">${t('login.submit')}</button></div>
</form></div>`, o.error ?? null);
  };

  app.get('/login', async (req, reply) => {
    const id = sessionCookie(req);
    if (id && (await sessionFor(ctx, id))) return reply.redirect('/console/dashboard', 303);
    const q = req.query as Record<string, unknown>;
    const notice: MessageKey | null = q.expired ? 'login.expired' : q.ok === 'signed_out' ? 'flash.signed_out' : null;
    return form(req, reply, 200, { notice });
  });

  app.post('/login', async (req, reply) => {
    const t = translator(langOf(req));
    const email = field(req.body, 'email') ?? '';
    const password = (req.body as Record<string, unknown> | undefined)?.password;
    if (!sameOrigin(req) || !tokensMatch(loginCsrfCookie(req), formToken(req.body))) return form(req, reply, 403, { email, error: t('csrf.failed') });
    const account = email.trim().toLowerCase();
    const decision = limiter.check(account, req.ip);
    if (!decision.ok) {
      reply.header('retry-after', String(decision.retryAfterSec));
      return form(req, reply, 429, { email, error: t('login.limited', { minutes: Math.ceil(decision.retryAfterSec / 60) }) });
    }
    const s = await signIn(ctx, email, typeof password === 'string' ? password : '');
    if (!s) {
      limiter.failed(account, req.ip);
      req.log.info({ console: 'sign-in failed' }, 'console sign-in failed');
      return form(req, reply, 401, { email, error: t('login.failed') });
    }
    limiter.succeeded(account, req.ip);
    setSessionCookie(reply, cookies, s.sessionId, s.expiresAt - ctx.now());
    return reply.redirect(safeConsolePath(field(req.body, 'next')), 303);
  });

  app.post('/logout', async (req, reply) => {
    const id = sessionCookie(req);
    const s = id ? await sessionFor(ctx, id) : null;
    if (s && id) {
      if (!sameOrigin(req) || !tokensMatch(s.csrfToken, formToken(req.body))) {
        const t = translator(langOf(req));
        return bare(req, reply, 403, t('error.title'), html`<h1>${t('error.title')}</h1>`, t('csrf.failed'));
      }
      await signOut(ctx, id);
    }
    clearSessionCookie(reply, cookies);
    return reply.redirect('/console/login?ok=signed_out', 303);
  });
}
