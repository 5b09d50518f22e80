/** Access tokens issued by /users/getToken, stored hashed (migration 0007). */
import { anyKeyOf, perDb } from './coalesce.ts';
import type { Db, Queryable } from './db.ts';

/** NOTIFY channel that names a key whose tokens were deleted (payload: the imp_key). */
export const TOKENS_CHANNEL = 'openimp_tokens_revoked';

/** Announces, on commit of `q`'s transaction, that the tokens of `impKey` are gone. */
export async function announceTokensRevoked(q: Queryable, impKey: string): Promise<void> {
  await q.query('select pg_notify($1, $2)', [TOKENS_CHANNEL, impKey]);
}

/** A token as the app knows it (the token cache keeps these). */
export type AccessToken = { token: string; impKey: string; merchantId: number; issuedAt: number; expiredAt: number };

/** A token as stored: its SHA-256 (hex) and, to hand it back while valid, the token sealed (null for tokens from before 0007). */
export type StoredToken = Omit<AccessToken, 'token'> & { tokenHash: string; tokenSealed: string | null };

const toToken = (r: Record<string, unknown>): StoredToken => ({
  tokenHash: r.token_hash as string, tokenSealed: (r.token_sealed as string | null) ?? null, impKey: r.imp_key as string,
  merchantId: r.merchant_id as number, issuedAt: r.issued_at as number, expiredAt: r.expired_at as number,
});

/** The newest token of a key that is still valid at `now` and can be handed back, locked for update. */
export async function findLiveTokenForUpdate(q: Queryable, impKey: string, now: number): Promise<StoredToken | null> {
  const [r] = await q.query('select * from access_tokens where imp_key = $1 and expired_at > $2 and token_sealed is not null order by expired_at desc limit 1 for update', [impKey, now]);
  return r ? toToken(r) : null;
}

export async function insertToken(q: Queryable, t: StoredToken): Promise<void> {
  await q.query('insert into access_tokens (token_hash, token_sealed, imp_key, merchant_id, issued_at, expired_at) values ($1,$2,$3,$4,$5,$6)', [t.tokenHash, t.tokenSealed, t.impKey, t.merchantId, t.issuedAt, t.expiredAt]);
}

export async function extendToken(q: Queryable, tokenHash: string, expiredAt: number): Promise<void> {
  await q.query('update access_tokens set expired_at = $2 where token_hash = $1', [tokenHash, expiredAt]);
}

const tokenReader = perDb((db: Db) => async (hashes: string[]) => {
  const rows = await db.query(`select * from access_tokens where token_hash = ${anyKeyOf(1)}`, [hashes]);
  return new Map(rows.map((r) => [r.token_hash as string, toToken(r)]));
});

/** The token with this hash as committed now; concurrent checks share one statement (coalesce.ts). */
export async function findToken(db: Db, tokenHash: string): Promise<StoredToken | null> {
  return (await tokenReader(db)(tokenHash)) ?? null;
}

export async function deleteExpiredTokens(q: Queryable, now: number): Promise<number> {
  return (await q.query('delete from access_tokens where expired_at <= $1 returning token_hash', [now])).length;
}
