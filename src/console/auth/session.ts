/**
 * The console's cookies: the session id (httpOnly, SameSite=Strict, Secure behind https, path
 * /console), the sign-in form's double-submit CSRF token, and the language choice.
 * The session itself lives in the database (app/console-users.ts); the cookie holds only its id.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionFor, type ConsoleSessionInfo } from '../../app/console-users.ts';
import type { AppContext } from '../../app/context.ts';

export const SESSION_COOKIE = 'openimp_console';
export const LOGIN_CSRF_COOKIE = 'openimp_console_login';
export const LANG_COOKIE = 'openimp_lang';
const PATH = '/console';

export type CookieOptions = { secure: boolean };

const base = (o: CookieOptions) => ({ path: PATH, httpOnly: true, sameSite: 'strict' as const, secure: o.secure });

export function setSessionCookie(reply: FastifyReply, o: CookieOptions, sessionId: string, maxAgeSec: number): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { ...base(o), maxAge: maxAgeSec });
}

export function clearSessionCookie(reply: FastifyReply, o: CookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, base(o));
}

/** The sign-in form's token: reused while the cookie lives, so two open tabs both work. */
export function loginCsrfToken(req: FastifyRequest, reply: FastifyReply, o: CookieOptions): string {
  const existing = req.cookies[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...base(o), maxAge: 3600 });
  return token;
}

export const loginCsrfCookie = (req: FastifyRequest): string | undefined => req.cookies[LOGIN_CSRF_COOKIE];

export function setLangCookie(reply: FastifyReply, o: CookieOptions, lang: string): void {
  reply.setCookie(LANG_COOKIE, lang, { ...base(o), maxAge: 365 * 86400 });
}

export async function currentSession(ctx: AppContext, req: FastifyRequest): Promise<ConsoleSessionInfo | null> {
  const id = req.cookies[SESSION_COOKIE];
  return id ? sessionFor(ctx, id) : null;
}

export const sessionCookie = (req: FastifyRequest): string | undefined => req.cookies[SESSION_COOKIE];
