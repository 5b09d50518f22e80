/**
 * Merchant console users and sign-in sessions. Passwords are scrypt-hashed (password-hash.ts);
 * a session id is 32 random bytes handed to the browser once and stored only as its SHA-256.
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../core/errors.ts';
import { isUniqueViolation } from '../storage/db.ts';
import {
  countConsoleUsers, deleteConsoleSession, deleteExpiredConsoleSessions, findConsoleSession, findConsoleUserByEmail,
  insertConsoleSession, insertConsoleUser, markConsoleLogin, updateConsolePassword,
} from '../storage/console-users.ts';
import { findMerchantById } from '../storage/merchants.ts';
import type { AppContext } from './context.ts';
import { hashSecret, verifyDecoy, verifySecret } from './password-hash.ts';

export const SESSION_TTL_SEC = 12 * 3600;
export const MIN_PASSWORD_LENGTH = 10;

export type ConsoleUserInfo = { id: number; merchantId: number; email: string };
/** What the console keeps per request: who, for which merchant, and the session's CSRF token. */
export type ConsoleSessionInfo = { userId: number; merchantId: number; email: string; csrfToken: string; expiresAt: number };
export type SignedIn = ConsoleSessionInfo & { sessionId: string };

const EMAIL = /^[^\s@<>"']+@[^\s@<>"']+$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (ctx: AppContext) => Buffer.from(ctx.random(32)).toString('base64url');

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) throw new GatewayError('BAD_REQUEST', `비밀번호는 ${MIN_PASSWORD_LENGTH}자 이상이어야 합니다.`);
  if (password.length > 200) throw new GatewayError('BAD_REQUEST', '비밀번호가 너무 깁니다.');
}

/** Creates a console user for a merchant (CLI `console-user create`, demo bootstrap). */
export async function createConsoleUser(ctx: AppContext, merchantId: number, email: string, password: string): Promise<ConsoleUserInfo> {
  const address = email.trim();
  if (!EMAIL.test(address) || address.length > 254) throw new GatewayError('BAD_REQUEST', '이메일 주소가 올바르지 않습니다.');
  checkPassword(password);
  if (!(await findMerchantById(ctx.db, merchantId))) throw new GatewayError('BAD_REQUEST', `가맹점(${merchantId})을 찾을 수 없습니다.`);
  try {
    const u = await insertConsoleUser(ctx.db, { merchantId, email: address, passwordHash: await hashSecret(password), createdAt: ctx.now() });
    return { id: u.id, merchantId: u.merchantId, email: u.email };
  } catch (e) {
    if (isUniqueViolation(e)) throw new GatewayError('BAD_REQUEST', '이미 등록된 이메일입니다.');
    throw e;
  }
}

/** Sets a new password and ends every session of that user. */
export async function setConsolePassword(ctx: AppContext, email: string, password: string): Promise<void> {
  checkPassword(password);
  const u = await findConsoleUserByEmail(ctx.db, email.trim());
  if (!u) throw new GatewayError('BAD_REQUEST', '등록되지 않은 이메일입니다.');
  const hash = await hashSecret(password);
  await ctx.db.tx((q) => updateConsolePassword(q, u.id, hash));
}

export const hasConsoleUser = async (ctx: AppContext, merchantId: number) => (await countConsoleUsers(ctx.db, merchantId)) > 0;

/** Checks e-mail and password; on success opens a session. Null for any mismatch (no hint which). */
export async function signIn(ctx: AppContext, email: string, password: string): Promise<SignedIn | null> {
  const u = typeof email === 'string' && email.length <= 254 ? await findConsoleUserByEmail(ctx.db, email.trim()) : null;
  const pw = typeof password === 'string' ? password.slice(0, 200) : '';
  // An unknown e-mail costs the same scrypt work as a wrong password: both answers equally slow.
  if (!u) return verifyDecoy(pw).then(() => null);
  if (!(await verifySecret(pw, u.passwordHash))) return null;
  const now = ctx.now();
  const sessionId = token(ctx);
  const csrfToken = token(ctx);
  const expiresAt = now + SESSION_TTL_SEC;
  await ctx.db.tx(async (q) => {
    await deleteExpiredConsoleSessions(q, now);
    await insertConsoleSession(q, { idHash: sha256(sessionId), userId: u.id, merchantId: u.merchantId, csrfToken, createdAt: now, expiresAt });
    await markConsoleLogin(q, u.id, now);
  });
  return { sessionId, userId: u.id, merchantId: u.merchantId, email: u.email, csrfToken, expiresAt };
}

/** The live session behind a cookie value, or null. */
export async function sessionFor(ctx: AppContext, sessionId: string): Promise<ConsoleSessionInfo | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const s = await findConsoleSession(ctx.db, sha256(sessionId), ctx.now());
  return s ? { userId: s.userId, merchantId: s.merchantId, email: s.email, csrfToken: s.csrfToken, expiresAt: s.expiresAt } : null;
}

export async function signOut(ctx: AppContext, sessionId: string): Promise<void> {
  await deleteConsoleSession(ctx.db, sha256(sessionId));
}

/** The demo merchant's console user, created once (if the merchant has none and the e-mail is free); the password is returned only when created. */
export async function ensureConsoleUser(ctx: AppContext, merchantId: number, email: string, password: string | null): Promise<{ email: string; password: string } | null> {
  if ((await hasConsoleUser(ctx, merchantId)) || (await findConsoleUserByEmail(ctx.db, email))) return null;
  const pw = password ?? Buffer.from(ctx.random(12)).toString('base64url');
  await createConsoleUser(ctx, merchantId, email, pw);
  return { email, password: pw };
}
