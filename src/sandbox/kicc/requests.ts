/**
 * KICC's idempotency key: every API call carries the merchant's `shopTransactionId` ("Supports API
 * Idempotency"). The fake remembers each one per mall with the answer it got, so the same request
 * again answers the same, a different request under a used key is refused, and
 * `retrieveTransaction` finds the call by it (with the KICC date it ran on).
 */
import { createHash } from 'node:crypto';
import type { SimulatorStore } from '../contract.ts';
import type { Json } from '../json-api.ts';

export type KeptRequest = {
  path: string;
  /** A digest of the request body (without the date fields, which a retry a day later changes). */
  fingerprint: string;
  /** yyyyMMdd (KST) the call ran on. */
  date: string;
  answer: Json;
  /** The trade the call approved, if any (a lookup reports its current state). */
  tid: string | null;
};

const canonical = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Json)[k])]));
  return v;
};

const DATE_FIELDS = ['approvalReqDate', 'cancelReqDate', 'removeReqDate'];

export function fingerprint(path: string, body: Json): string {
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !DATE_FIELDS.includes(k)));
  return createHash('sha256').update(path).update(JSON.stringify(canonical(rest))).digest('hex');
}

export function keptRequests(store: SimulatorStore) {
  const key = (mid: string, id: string) => `stid:${mid}:${id}`;
  return {
    get: (mid: string, id: string) => store.get<KeptRequest>(key(mid, id)),
    keep: (mid: string, id: string, r: KeptRequest) => store.set(key(mid, id), r),
  };
}

/** A usable `shopTransactionId` (String(60)). */
export const isTransactionId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 60;
