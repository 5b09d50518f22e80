/**
 * What the fake PGs share: the key-value books a fake PG keeps (its own storage, never the gateway's)
 * and the fetch-style handler every fake PG is. Nothing here is known to the gateway: the gateway
 * reaches a fake PG only over HTTP (src/sandbox/README.md).
 */
import type { Provider } from '../core/payment.ts';

/** A key-value store a simulator keeps its PG-side state in (billing keys, transactions). */
export type SimulatorStore = {
  /** Removes a key (e.g. an expired window session). */
  delete?(key: string): Promise<void>;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Several keys in one atomic write (distinct keys). */
  setMany(entries: readonly (readonly [string, unknown])[]): Promise<void>;
  /**
   * Sets `key` only if it is absent, and with it, atomically, the `also` entries; false (nothing
   * written) when `key` was already there. How a PG takes an id that must never be handed out twice.
   */
  claim(key: string, value: unknown, also?: readonly (readonly [string, unknown])[]): Promise<boolean>;
};

/** A fake PG: a fetch-style handler for requests under its prefix (`/{provider}`). */
export type Simulator = {
  provider: Provider;
  handle(req: Request): Promise<Response>;
};
