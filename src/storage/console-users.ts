/** Merchant console users and their sessions (migration 0003). */
import type { Queryable, Row } from './db.ts';

export type ConsoleUser = { id: number; merchantId: number; email: string; passwordHash: string; createdAt: number; lastLoginAt: number | null };
export type ConsoleSession = { idHash: string; userId: number; merchantId: number; email: string; csrfToken: string; createdAt: number; expiresAt: number };

const toUser = (r: Row): ConsoleUser => ({
  id: r.id as number, merchantId: r.merchant_id as number, email: r.email as string, passwordHash: r.password_hash as string,
  createdAt: r.created_at as number, lastLoginAt: (r.last_login_at as number | null) ?? null,
});

export async function insertConsoleUser(q: Queryable, u: Omit<ConsoleUser, 'id' | 'lastLoginAt'>): Promise<ConsoleUser> {
  const [r] = await q.query('insert into console_users (merchant_id, email, password_hash, created_at) values ($1,$2,$3,$4) returning *', [u.merchantId, u.email, u.passwordHash, u.createdAt]);
  return toUser(r!);
}

export async function findConsoleUserByEmail(q: Queryable, email: string): Promise<ConsoleUser | null> {
  const [r] = await q.query('select * from console_users where lower(email) = lower($1)', [email]);
  return r ? toUser(r) : null;
}

export async function countConsoleUsers(q: Queryable, merchantId: number): Promise<number> {
  const [r] = await q.query<{ n: number }>('select count(*)::int as n from console_users where merchant_id = $1', [merchantId]);
  return r?.n ?? 0;
}

export async function updateConsolePassword(q: Queryable, userId: number, passwordHash: string): Promise<void> {
  await q.query('update console_users set password_hash = $2 where id = $1', [userId, passwordHash]);
  await q.query('delete from console_sessions where user_id = $1', [userId]);
}

export async function markConsoleLogin(q: Queryable, userId: number, at: number): Promise<void> {
  await q.query('update console_users set last_login_at = $2 where id = $1', [userId, at]);
}

export async function insertConsoleSession(q: Queryable, s: Omit<ConsoleSession, 'email'>): Promise<void> {
  await q.query(
    'insert into console_sessions (id_hash, user_id, merchant_id, csrf_token, created_at, expires_at) values ($1,$2,$3,$4,$5,$6)',
    [s.idHash, s.userId, s.merchantId, s.csrfToken, s.createdAt, s.expiresAt],
  );
}

/** A live session (not expired at `now`) with its user's email. */
export async function findConsoleSession(q: Queryable, idHash: string, now: number): Promise<ConsoleSession | null> {
  const [r] = await q.query(
    `select s.*, u.email from console_sessions s join console_users u on u.id = s.user_id where s.id_hash = $1 and s.expires_at > $2`,
    [idHash, now],
  );
  if (!r) return null;
  return {
    idHash: r.id_hash as string, userId: r.user_id as number, merchantId: r.merchant_id as number, email: r.email as string,
    csrfToken: r.csrf_token as string, createdAt: r.created_at as number, expiresAt: r.expires_at as number,
  };
}

export async function deleteConsoleSession(q: Queryable, idHash: string): Promise<void> {
  await q.query('delete from console_sessions where id_hash = $1', [idHash]);
}

export async function deleteExpiredConsoleSessions(q: Queryable, now: number): Promise<void> {
  await q.query('delete from console_sessions where expires_at <= $1', [now]);
}
