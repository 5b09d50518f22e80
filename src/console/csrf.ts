/**
 * CSRF protection for every console form, three layers:
 * 1. a synchronizer token: each session has a random token (stored with the session) that every
 *    form carries as `_csrf`; the sign-in form, which has no session yet, uses a double-submit
 *    cookie instead;
 * 2. cookies are SameSite=Strict, so a cross-site POST arrives without them;
 * 3. a POST whose Origin (or Referer) names another host is refused outright.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { html, type Html } from './html.ts';

export const CSRF_FIELD = '_csrf';

export const csrfField = (token: string): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

export function tokensMatch(expected: string | null | undefined, got: unknown): boolean {
  if (!expected || typeof got !== 'string' || got.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** False when the browser says the request came from another origin. */
export function sameOrigin(req: FastifyRequest): boolean {
  const host = req.headers.host;
  const source = (req.headers.origin as string | undefined) ?? (req.headers.referer as string | undefined);
  if (!source || source === 'null') return source !== 'null';
  try {
    const from = new URL(source);
    // Compare as URLs so that a default port written out ("host:80") still matches.
    return host !== undefined && from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

export const formToken = (body: unknown): unknown => (body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined);
