/**
 * Identifier formats. Randomness is injected (a function returning random bytes) so core stays pure.
 */
export type RandomBytes = (n: number) => Uint8Array;

function digits(random: RandomBytes, n: number): string {
  const bytes = random(n);
  let out = '';
  for (let i = 0; i < n; i++) out += String(bytes[i]! % 10);
  return out;
}

function hex(random: RandomBytes, nBytes: number): string {
  return Array.from(random(nBytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `imp_` + 12 digits, like `imp_448280090638` (reference §2). */
export const newImpUid = (random: RandomBytes): string => `imp_${digits(random, 12)}`;

/** Merchant identification code for IMP.init: `imp` + 8 digits (reference §5.1). */
export const newMerchantCode = (random: RandomBytes): string => `imp${digits(random, 8)}`;

/** REST API key: 16 digits, the shape of real i'mport keys. */
export const newImpKey = (random: RandomBytes): string => digits(random, 16);

/** REST API secret: 80 hex characters. */
export const newImpSecret = (random: RandomBytes): string => hex(random, 40);

/** Access token: 40 hex characters (reference §1.2 example). */
export const newAccessToken = (random: RandomBytes): string => hex(random, 20);

/** Id of one (partial) cancellation, sent in webhooks as `cancellation_id`. */
export const newCancellationId = (random: RandomBytes): string => `cncl_${hex(random, 10)}`;

export const isMerchantCode = (v: string): boolean => /^imp[0-9]{8}$/.test(v);
