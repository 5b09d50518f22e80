/**
 * What every PG simulator shares: its options, the charge counter tests use to prove a PG charged an
 * order once, mount-point handling, and a lock that makes its read-modify-write steps atomic.
 */
import type { ChosenOutcomes } from './chosen-outcomes.ts';
import { timingSafeEqual } from 'node:crypto';
import type { CredentialField, Credentials } from '../core/channel.ts';
import type { RandomBytes } from '../core/ids.ts';
import type { Provider } from '../core/payment.ts';
import type { Simulator, SimulatorStore } from './contract.ts';
import type { DepositDone, DepositRequest } from './vbank-issue.ts';

export type SimulatorOptions = {
  /** The PG's side of the world (its transactions and billing keys), one store per PG. */
  store: SimulatorStore;
  /** The operator's chosen outcomes for its charges (chosen-outcomes.ts); absent: a set of its own. */
  choices?: ChosenOutcomes;
  /** Unix seconds. */
  now: () => number;
  random?: RandomBytes;
  /** How long a "PG timeout" test card keeps the caller waiting; longer than the connector timeout. */
  timeoutDelayMs?: number;
  /**
   * How the simulator reaches the gateway for asynchronous reports (pingbacks, vbank deposits) to the
   * `notifyUrl` it was given; the gateway injects an in-process transport for its own URL.
   */
  notify?: typeof fetch;
  /**
   * How long a PG that re-sends unacknowledged window results (JTNet's `retryUrl`) waits for the
   * merchant's acknowledgement before it sends the result again; default 30 s.
   */
  renotifyDelayMs?: number;
  /**
   * The key a PG shares with a merchant (pgId = MID / project key) to sign window requests and
   * notifications; absent or null = that PG's documented sandbox key (each PG's README names it).
   */
  merchantKey?: (provider: Provider, pgId: string) => string | null;
  /**
   * Everything registered for a merchant (API keys, cancel password, cpId/productId, Brick keys);
   * absent or null = not registered: the PG's documented sandbox credentials apply.
   */
  merchantCredentials?: (provider: Provider, pgId: string) => Credentials | null;
  /** The merchant whose registered credential `field` is `value`, if any (Brick keys name their project). */
  merchantWith?: (provider: Provider, field: CredentialField, value: string) => string | null;
  /** The notification URL registered for a merchant (PGs that take it at onboarding, KICC), or null. */
  merchantNotifyUrl?: (provider: Provider, pgId: string) => string | null;
};

/** Longer than the default connector timeout (config `pgTimeoutMs`, 10 s). */
export const DEFAULT_TIMEOUT_DELAY_MS = 15_000;

export type SimulatorStats = {
  /** Approvals that moved money, per order id (the PG's order number, our imp_uid). */
  approvedCharges: Readonly<Record<string, number>>;
  totalApprovedCharges: number;
};

export type SandboxSimulator = Simulator & {
  /** Its chosen outcomes, which the sandbox control "a chosen outcome" sets. */
  choices: ChosenOutcomes;
  stats(): SimulatorStats;
  /** The sandbox deposit control, on fake PGs with virtual accounts: pays the account `tid` and notifies (vbank-issue.ts). */
  depositVbank?(tid: string, want: DepositRequest): Promise<DepositDone>;
  /** How many times this order id was charged (approved); 0 when never. */
  approvedCharges(orderId: string): number;
};

/** An in-memory count of approved charges; it witnesses charges, so it is not kept in the store. */
export function chargeCounter() {
  const counts = new Map<string, number>();
  return {
    record(orderId: string): void {
      counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
    },
    count: (orderId: string): number => counts.get(orderId) ?? 0,
    stats(): SimulatorStats {
      let total = 0;
      for (const n of counts.values()) total += n;
      return { approvedCharges: Object.fromEntries(counts), totalApprovedCharges: total };
    },
  };
}

/**
 * The request path below the fake PG's prefix: `/jtnet/api/v1/refunds` (or `/x/jtnet/api/v1/refunds` behind a
 * proxy) -> `/api/v1/refunds`. Without the prefix the whole path is used, so a fake PG also works served at the root.
 */
export function pathBelowMount(url: string, provider: Provider): string {
  return pathBelowPath(new URL(url).pathname, provider);
}

/** pathBelowMount of a URL's path (`/jtnet/api/v1/refunds` -> `/api/v1/refunds`). */
export function pathBelowPath(path: string, provider: Provider): string {
  const marker = `/${provider}`;
  const at = path.indexOf(marker);
  if (at < 0) return path;
  const rest = path.slice(at + marker.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : path;
}

/** The fake PG's own base URL as the caller reached it (for receipt links it hands out). */
export function mountBase(url: string, provider: Provider): string {
  const u = new URL(url);
  const marker = `/${provider}`;
  const at = u.pathname.indexOf(marker);
  return u.origin + (at < 0 ? '' : u.pathname.slice(0, at + marker.length));
}

/**
 * Runs read-check-write steps one at a time. The store only has get/set, so "is this order already
 * paid? then charge" must not interleave, or two concurrent requests could both charge.
 * `run(step)` is a step on the whole books: it waits for every step before it, and every step after
 * it waits for it. `run.key(k, step)` is a step on one key's records (an order's): it waits for the
 * whole-book steps before it and the same key's, but not for other keys' steps, so charges of
 * different orders do not queue behind each other's storage round trips.
 */
export function serialized() {
  let whole: Promise<unknown> = Promise.resolve();
  const keyed = new Map<string, Promise<unknown>>();
  const settled = (p: Promise<unknown>) => p.catch(() => undefined);
  function run<T>(step: () => Promise<T>): Promise<T> {
    const before = keyed.size === 0 ? whole : Promise.all([whole, ...keyed.values()]);
    const result = before.then(step, step);
    whole = settled(result);
    return result;
  }
  run.key = function key<T>(k: string, step: () => Promise<T>): Promise<T> {
    const own = keyed.get(k);
    const result = (own ? Promise.all([whole, own]) : whole).then(step, step);
    const tail = settled(result);
    keyed.set(k, tail);
    void tail.then(() => {
      if (keyed.get(k) === tail) keyed.delete(k);
    });
    return result;
  };
  return run;
}

export const defaultRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export function randomDigits(random: RandomBytes, n: number): string {
  return Array.from(random(n), (b) => String(b % 10)).join('');
}

export function randomHex(random: RandomBytes, nBytes: number): string {
  return Array.from(random(nBytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A caller's secret (API key, password, token) against the expected one, in constant time; absent never matches. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
