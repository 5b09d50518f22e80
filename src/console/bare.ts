/** Per-request language and CSP nonce, and the page shell for pages without a session. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANG_COOKIE } from './auth/session.ts';
import type { Html } from './html.ts';
import { pickLang, translator } from './i18n.ts';
import { layout } from './layout.ts';

const nonces = new WeakMap<FastifyRequest, string>();
export const setNonce = (req: FastifyRequest, nonce: string): void => void nonces.set(req, nonce);
export const nonceOf = (req: FastifyRequest): string => nonces.get(req) ?? '';

export const langOf = (req: FastifyRequest) => pickLang(req.cookies?.[LANG_COOKIE], req.headers['accept-language']);

/** A page without the signed-in shell (sign-in, errors). */
export function bare(req: FastifyRequest, reply: FastifyReply, status: number, title: string, body: Html, error: string | null = null): FastifyReply {
  const lang = langOf(req);
  return reply.code(status).type('text/html; charset=utf-8').send(layout({ lang, t: translator(lang), nonce: nonceOf(req), title, path: req.url, body, error }).value);
}
