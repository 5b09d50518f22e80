/**
 * Idempotency-Key for POSTs (IETF draft-ietf-httpapi-idempotency-key-header), scoped per merchant:
 * the first request takes the key; a concurrent one gets a conflict; a later one gets the stored
 * response; the same key with another request is refused. Kept `idempotencyTtlSec` (24 h default).
 */
import { createHash } from 'node:crypto';
import { GatewayError } from '../core/errors.ts';
import * as repo from '../storage/idempotency.ts';
import type { AppContext } from './context.ts';
import { recurringOf } from './recurring-settings.ts';

export type IdempotencyStart = { kind: 'proceed' } | { kind: 'replay'; status: number; body: string };

/** A fingerprint of what was asked: method, path and the parsed body (key order does not matter). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonical(body)}`).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export async function beginIdempotent(ctx: AppContext, merchantId: number, key: string, hash: string): Promise<IdempotencyStart> {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) throw new GatewayError('IDEMPOTENCY_KEY_INVALID');
  const s = recurringOf(ctx);
  const now = ctx.now();
  const r = await repo.beginKey(ctx.db, merchantId, key, hash, now, now + s.idempotencyLockSec, now + s.idempotencyTtlSec);
  if (r.kind === 'started') return { kind: 'proceed' };
  if (r.record.requestHash !== hash) throw new GatewayError('IDEMPOTENCY_KEY_REUSED');
  if (r.record.state === 'in_flight') throw new GatewayError('IDEMPOTENCY_IN_FLIGHT');
  return { kind: 'replay', status: r.record.statusCode ?? 200, body: r.record.body ?? '' };
}

/**
 * Stores the response to replay. A server-side failure (5xx) is not stored: the key is released so
 * the client may retry, and the merchant_uid claim still stops a second charge.
 */
export async function finishIdempotent(ctx: AppContext, merchantId: number, key: string, status: number, body: string): Promise<void> {
  if (status >= 500) await repo.releaseKey(ctx.db, merchantId, key);
  else await repo.finishKey(ctx.db, merchantId, key, status, body);
}

export const purgeIdempotencyKeys = (ctx: AppContext, limit = 1000): Promise<number> => repo.purgeExpiredKeys(ctx.db, ctx.now(), limit);
