/**
 * REST authentication (reference §1.2–1.3): 30-minute tokens, the same token while it is valid,
 * +5 minutes when asked for in its last minute, and a token check on every call.
 */
import { GatewayError } from '../core/errors.ts';
import { newAccessToken } from '../core/ids.ts';
import { findApiKey } from '../storage/merchants.ts';
import { extendToken, findLiveTokenForUpdate, findToken, insertToken } from '../storage/tokens.ts';
import type { AppContext } from './context.ts';
import { verifySecret } from './password-hash.ts';

export const TOKEN_TTL_SEC = 30 * 60;
export const EXTEND_WINDOW_SEC = 60;
export const EXTEND_BY_SEC = 5 * 60;

export type IssuedToken = { access_token: string; now: number; expired_at: number };

export async function getToken(ctx: AppContext, impKey: string, impSecret: string): Promise<IssuedToken> {
  const key = await findApiKey(ctx.db, impKey);
  if (!key || key.revokedAt !== null || !(await verifySecret(impSecret, key.secretHash))) throw new GatewayError('INVALID_API_KEY');
  return ctx.db.tx(async (q) => {
    // Many web servers race on getToken (reference §1.2): serialize per key so all get one token.
    await q.query('select pg_advisory_xact_lock(hashtext($1))', [impKey]);
    const now = ctx.now();
    const live = await findLiveTokenForUpdate(q, impKey, now);
    if (live) {
      let expiredAt = live.expiredAt;
      if (expiredAt - now <= EXTEND_WINDOW_SEC) {
        expiredAt += EXTEND_BY_SEC;
        await extendToken(q, live.token, expiredAt);
      }
      return { access_token: live.token, now, expired_at: expiredAt };
    }
    const token = newAccessToken(ctx.random);
    await insertToken(q, { token, impKey, merchantId: key.merchantId, issuedAt: now, expiredAt: now + TOKEN_TTL_SEC });
    return { access_token: token, now, expired_at: now + TOKEN_TTL_SEC };
  });
}

/**
 * The merchant a token belongs to: from the token cache (token-cache.ts) or the database. Revoking a
 * key deletes its tokens, from this process, the console or the CLI in another process; the cache
 * hears of it at once (revokeKey) or through NOTIFY, so no cached copy keeps such a token working.
 */
export async function authenticate(ctx: AppContext, token: string): Promise<number> {
  let row = ctx.tokens.get(token);
  if (!row || row.expiredAt <= ctx.now()) {
    // Expired in the cache may be extended in the database (getToken in its last minute): read again.
    const epoch = ctx.tokens.epoch();
    row = await findToken(ctx.db, token);
    if (row) ctx.tokens.put(row, epoch);
  }
  if (!row || row.expiredAt <= ctx.now()) throw new GatewayError('UNAUTHORIZED');
  return row.merchantId;
}
