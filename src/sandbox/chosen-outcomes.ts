/**
 * The sandbox control "a chosen outcome" (src/sandbox/README.md): the next charge(s) of a merchant
 * (pgId), or of one order of it, get a fate chosen by the operator instead of the card's. PG-neutral:
 * each fake PG holds its choices (`SandboxSimulator.choices`, which the sandbox server's control sets)
 * and hands them to its operations.ts, whose `charge` passes them to `chargeFate` in test-cards.ts, the
 * one table every fake PG decides a charge with, so no fake PG carries code of its own for it. (They are
 * handed over, not found through an AsyncLocalStorage: that puts promise hooks on every promise of the
 * thread, about a tenth of a fake PG's CPU per charge.) Choices live in the sandbox process's memory (a
 * restart forgets them); a charge uses one up, an order's own choice before its merchant's.
 */
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
