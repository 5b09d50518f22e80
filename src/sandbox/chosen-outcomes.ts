/**
 * The sandbox control "a chosen outcome" (src/sandbox/README.md): the next charge(s) of a merchant
 * (pgId), or of one order of it, get a fate chosen by the operator instead of the card's. PG-neutral:
 * the sandbox server runs each request of a fake PG inside that PG's choices (`withChoices`), and
 * `chargeFate` in test-cards.ts, the one table every fake PG decides a charge with, takes them from
 * here, so no fake PG carries code of its own for it. Choices live in the sandbox process's memory (a
 * restart forgets them); a charge uses one up, an order's own choice before its merchant's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CardOutcome } from '../core/sandbox-outcome.ts';

/** The charge a fake PG is deciding: its merchant (MID / project key) and the PG's order number. */
export type ChargeAt = { mid: string; orderId: string };

export type Choice = { orderId: string | null; outcome: CardOutcome; remaining: number };

export type ChosenOutcomes = {
  /** Sets (replaces) the choice for the merchant's next `count` charges, or for one order's. */
  choose(pgId: string, orderId: string | null, outcome: CardOutcome, count: number): Choice;
  /** What is still chosen for this merchant (its own and its orders'). */
  list(pgId: string): Choice[];
  /** Forgets every choice of this merchant; how many there were. */
  clear(pgId: string): number;
  /** The chosen fate of this charge, used up; null when nothing is chosen for it. */
  take(at: ChargeAt): CardOutcome | null;
  /** Whether `take` would find a choice for this charge (nothing used up). */
  has(at: ChargeAt): boolean;
};

export function chosenOutcomes(): ChosenOutcomes {
  // pgId -> (orderId or '' for the merchant) -> choice
  const byMerchant = new Map<string, Map<string, Choice>>();
  const takeFrom = (choices: Map<string, Choice> | undefined, key: string): CardOutcome | null => {
    const c = choices?.get(key);
    if (!c) return null;
    if (--c.remaining <= 0) choices!.delete(key);
    return c.outcome;
  };
  return {
    choose(pgId, orderId, outcome, count) {
      const choice: Choice = { orderId, outcome, remaining: count };
      let m = byMerchant.get(pgId);
      if (!m) byMerchant.set(pgId, (m = new Map()));
      m.set(orderId ?? '', choice);
      return { ...choice };
    },
    list: (pgId) => [...(byMerchant.get(pgId)?.values() ?? [])].map((c) => ({ ...c })),
    clear(pgId) {
      const n = byMerchant.get(pgId)?.size ?? 0;
      byMerchant.delete(pgId);
      return n;
    },
    take(at) {
      const m = byMerchant.get(at.mid);
      return takeFrom(m, at.orderId) ?? takeFrom(m, '');
    },
    has(at) {
      const m = byMerchant.get(at.mid);
      return m !== undefined && (m.has(at.orderId) || m.has(''));
    },
  };
}

const scope = new AsyncLocalStorage<ChosenOutcomes>();

/** Runs a fake PG's handling of one request with that PG's choices in reach of `chosenFate`. */
export const withChoices = <T>(choices: ChosenOutcomes, run: () => Promise<T>): Promise<T> => scope.run(choices, run);

/** The chosen fate of this charge at the fake PG now answering, used up; null when none (or outside a request). */
export const chosenFate = (at: ChargeAt): CardOutcome | null => scope.getStore()?.take(at) ?? null;
/** Whether a chosen fate is in reach of this charge (chosenFate would use one up). */
export const fateChosen = (at: ChargeAt): boolean => scope.getStore()?.has(at) ?? false;
