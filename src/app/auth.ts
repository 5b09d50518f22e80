/**
 * REST authentication (reference §1.2–1.3): 30-minute tokens, the same token while it is valid,
 * +5 minutes when asked for in its last minute, and a token check on every call.
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../core/errors.ts';
import { newAccessToken } from '../core/ids.ts';
import { findApiKey } from '../storage/merchants.ts';
import { extendToken, findLiveTokenForUpdate, findToken, insertToken } from '../storage/tokens.ts';
import type { AppContext } from './context.ts';
import { failureLimiter, type FailureLimiter, type FailureLimits } from './failure-limiter.ts';
import { verifyDecoy, verifySecret } from './password-hash.ts';

export const TOKEN_TTL_SEC = 30 * 60;
export const EXTEND_WINDOW_SEC = 60;
export const EXTEND_BY_SEC = 5 * 60;

export type IssuedToken = { access_token: string; now: number; expired_at: number };

/** What is stored of a token: its SHA-256, hex. Tokens are 128+ random bits, so no salt or stretching is needed. */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * getToken failures per (imp_key, address): 10 free, then 1 s doubling to 15 min between tries; a key
 * with 100 failures, or an address with 100, in 15 minutes holds back the pairs of it that failed
 * (app/failure-limiter.ts). Successful calls never count: V1 clients may call getToken before every request.
 */
export const GET_TOKEN_LIMITS: FailureLimits = { freePerPair: 10, maxDelaySec: 900, perSubject: 100, perAddress: 100, windowSec: 900 };

const limiters = new WeakMap<AppContext, FailureLimiter>();
const limiterOf = (ctx: AppContext): FailureLimiter => {
  let l = limiters.get(ctx);
  if (!l) limiters.set(ctx, (l = failureLimiter({ ...GET_TOKEN_LIMITS, now: ctx.now })));
  return l;
};

/**
 * POST /users/getToken from `address`. Throttled guesses get TOO_MANY_REQUESTS before any hashing; an
 * unknown or revoked imp_key costs the same scrypt work as a wrong secret, so timing tells none apart.
 */
export async function getToken(ctx: AppContext, impKey: string, impSecret: string, address: string): Promise<IssuedToken> {
  const limiter = limiterOf(ctx);
  const decision = limiter.check(impKey, address);
  if (!decision.ok) throw new GatewayError('TOO_MANY_REQUESTS', undefined, { seconds: String(decision.retryAfterSec) });
  const key = await findApiKey(ctx.db, impKey);
  const usable = key !== null && key.revokedAt === null;
  const valid = usable ? await verifySecret(impSecret, key.secretHash) : await verifyDecoy(impSecret);
  if (!valid || !key) {
    limiter.failed(impKey, address);
    throw new GatewayError('INVALID_API_KEY');
  }
  limiter.succeeded(impKey, address);
  return ctx.db.tx(async (q) => {
    // Many web servers race on getToken (reference §1.2): serialize per key so all get one token.
    await q.query('select pg_advisory_xact_lock(hashtext($1))', [impKey]);
    const now = ctx.now();
    const live = await findLiveTokenForUpdate(q, impKey, now);
    if (live) {
      let expiredAt = live.expiredAt;
      if (expiredAt - now <= EXTEND_WINDOW_SEC) {
        expiredAt += EXTEND_BY_SEC;
        await extendToken(q, live.tokenHash, expiredAt);
      }
      return { access_token: ctx.box.open(live.tokenSealed!), now, expired_at: expiredAt };
    }
    const token = newAccessToken(ctx.random);
    await insertToken(q, { tokenHash: tokenHash(token), tokenSealed: ctx.box.seal(token), impKey, merchantId: key.merchantId, issuedAt: now, expiredAt: now + TOKEN_TTL_SEC });
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
    const stored = await findToken(ctx.db, tokenHash(token));
    row = stored && { token, impKey: stored.impKey, merchantId: stored.merchantId, issuedAt: stored.issuedAt, expiredAt: stored.expiredAt };
    if (row) ctx.tokens.put(row, epoch);
  }
  if (!row || row.expiredAt <= ctx.now()) throw new GatewayError('UNAUTHORIZED');
  return row.merchantId;
}
