/** What every signed-in console handler gets, and the helpers to answer with a page or a redirect. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleSessionInfo } from '../app/console-users.ts';
import type { AppContext } from '../app/context.ts';
import type { Merchant } from '../app/merchant-settings.ts';
import { GatewayError } from '../core/errors.ts';
import type { CookieOptions } from './auth/session.ts';
import type { Html } from './html.ts';
import { errorText, isMessageKey, type Lang, type T } from './i18n.ts';
import { layout, type NavKey } from './layout.ts';

export type View = {
  ctx: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  lang: Lang;
  t: T;
  nonce: string;
  cookies: CookieOptions;
  session: ConsoleSessionInfo;
  merchant: Merchant;
};

/** Path and query of the current request, for the language switch's way back. */
export const currentPath = (req: FastifyRequest): string => req.url;

/** Only our own console paths are redirect targets (no open redirect). */
export function safeConsolePath(p: unknown, fallback = '/console/dashboard'): string {
  if (typeof p !== 'string' || p.length > 2000) return fallback;
  return /^\/console(?:[/?][^\\\s]*)?$/.test(p) && !p.startsWith('//') ? p : fallback;
}

export function render(v: View, o: { title: string; active: NavKey; body: Html; status?: number; error?: string | null }): FastifyReply {
  const ok = (v.req.query as Record<string, unknown>).ok;
  const flashKey = typeof ok === 'string' ? `flash.${ok}` : '';
  const page = layout({
    lang: v.lang, t: v.t, nonce: v.nonce, title: o.title, active: o.active, path: currentPath(v.req), body: o.body,
    user: { email: v.session.email, merchantCode: v.merchant.code, csrfToken: v.session.csrfToken },
    flash: isMessageKey(flashKey) && o.status === undefined ? v.t(flashKey) : null,
    error: o.error ?? null,
  });
  return v.reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(page.value);
}

/** Post/redirect/get: back to `path` with a flash message key (`flash.<key>` in the catalogs). */
export function redirectTo(v: Pick<View, 'reply'>, path: string, flash?: string): FastifyReply {
  const sep = path.includes('?') ? '&' : '?';
  return v.reply.redirect(flash ? `${path}${sep}ok=${encodeURIComponent(flash)}` : path, 303);
}

/** The text for a refused request: the console's own wording where it has one, else the V1 message. */
export function messageOf(lang: Lang, e: GatewayError): string {
  const own = errorText[lang][e.code];
  if (!own) return e.v1Message;
  return e.detail ? `${own} ${e.detail}` : own;
}

/** Runs a change; a GatewayError (bad input, refused by a rule) becomes a message, anything else propagates. */
export async function attempt<R>(fn: () => Promise<R>, lang: Lang): Promise<{ ok: true; value: R } | { ok: false; message: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof GatewayError) return { ok: false, message: messageOf(lang, e) };
    throw e;
  }
}

/** A form or query field as trimmed text; null when absent or blank. */
export function field(source: unknown, name: string): string | null {
  const v = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return null;
  const t = s.trim();
  return t === '' ? null : t;
}

export const checked = (source: unknown, name: string): boolean => field(source, name) !== null;
