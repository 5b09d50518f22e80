/**
 * The PG-neutral fates a sandbox charge can be given (docs/test-cards.md): what the test-card table
 * selects by number, and what the sandbox control "a chosen outcome" sets for a merchant's or an
 * order's next charges. Shared by the fake PGs (src/sandbox/test-cards.ts), the gateway's control
 * client and the console, none of which may import the others.
 */

export const declineReasons = ['insufficient_funds', 'limit_exceeded', 'expired', 'lost_or_stolen', 'generic'] as const;
export type DeclineReason = (typeof declineReasons)[number];

export type CardOutcome =
  | { kind: 'approve' }
  | { kind: 'decline'; reason: DeclineReason }
  /** The PG refuses the card data itself (wrong number): no transaction is created. */
  | { kind: 'invalid' }
  /** The PG records an approval but answers only after the connector gave up. */
  | { kind: 'pg_timeout' }
  /** The PG answers HTTP 500 with garbage and records nothing. */
  | { kind: 'pg_error' };

export const outcomeKinds = ['approve', 'decline', 'invalid', 'pg_timeout', 'pg_error'] as const;

/** The longest a slow sandbox PG may hold an answer back (two minutes: past any sensible PG timeout). */
export const MAX_DELAY_MS = 120_000;

/** How many next charges one choice may cover. */
export const MAX_CHOSEN_CHARGES = 100;

/** An outcome as a control body or a form gives it (`kind`, and `reason` for a decline), or why not. */
export function readOutcome(kind: unknown, reason: unknown): CardOutcome | string {
  if (kind === 'decline') {
    const r = reason === undefined || reason === null || reason === '' ? 'generic' : reason;
    if (typeof r !== 'string' || !(declineReasons as readonly string[]).includes(r)) return `reason must be one of ${declineReasons.join(', ')}`;
    return { kind: 'decline', reason: r as DeclineReason };
  }
  if (typeof kind !== 'string' || !(outcomeKinds as readonly string[]).includes(kind)) return `kind must be one of ${outcomeKinds.join(', ')}`;
  return { kind } as CardOutcome;
}

/** A count of next charges: an integer 1..MAX_CHOSEN_CHARGES (absent = 1), or why not. */
export function readCount(v: unknown): number | string {
  if (v === undefined || v === null || v === '') return 1;
  const n = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v;
  return Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= MAX_CHOSEN_CHARGES ? (n as number) : `count must be an integer from 1 to ${MAX_CHOSEN_CHARGES}`;
}
