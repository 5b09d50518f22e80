/** Access tokens issued by /users/getToken. */
import { perDb } from './coalesce.ts';
import type { Db, Queryable } from './db.ts';

/** NOTIFY channel that names a key whose tokens were deleted (payload: the imp_key). */
export const TOKENS_CHANNEL = 'openimp_tokens_revoked';

/** Announces, on commit of `q`'s transaction, that the tokens of `impKey` are gone. */
export async function announceTokensRevoked(q: Queryable, impKey: string): Promise<void> {
  await q.query('select pg_notify($1, $2)', [TOKENS_CHANNEL, impKey]);
}

export type AccessToken = { token: string; impKey: string; merchantId: number; issuedAt: number; expiredAt: number };

const toToken = (r: Record<string, unknown>): AccessToken => ({
  token: r.token as string, impKey: r.imp_key as string, merchantId: r.merchant_id as number,
  issuedAt: r.issued_at as number, expiredAt: r.expired_at as number,
});

/** The newest token of a key that is still valid at `now`, locked for update. */
export async function findLiveTokenForUpdate(q: Queryable, impKey: string, now: number): Promise<AccessToken | null> {
  const [r] = await q.query('select * from access_tokens where imp_key = $1 and expired_at > $2 order by expired_at desc limit 1 for update', [impKey, now]);
  return r ? toToken(r) : null;
}

export async function insertToken(q: Queryable, t: AccessToken): Promise<void> {
  await q.query('insert into access_tokens (token, imp_key, merchant_id, issued_at, expired_at) values ($1,$2,$3,$4,$5)', [t.token, t.impKey, t.merchantId, t.issuedAt, t.expiredAt]);
}

export async function extendToken(q: Queryable, token: string, expiredAt: number): Promise<void> {
  await q.query('update access_tokens set expired_at = $2 where token = $1', [token, expiredAt]);
}

const tokenReader = perDb((db: Db) => async (tokens: string[]) => {
  const rows = await db.query('select * from access_tokens where token = any($1)', [tokens]);
  return new Map(rows.map((r) => [r.token as string, toToken(r)]));
});

/** The token as committed now; concurrent checks share one statement (coalesce.ts). */
export async function findToken(db: Db, token: string): Promise<AccessToken | null> {
  return (await tokenReader(db)(token)) ?? null;
}

export async function deleteExpiredTokens(q: Queryable, now: number): Promise<number> {
  return (await q.query('delete from access_tokens where expired_at <= $1 returning token', [now])).length;
}
