/**
 * What the fake PGs share: the key-value books a fake PG keeps (its own storage, never the gateway's)
 * and the fetch-style handler every fake PG is. Nothing here is known to the gateway: the gateway
 * reaches a fake PG only over HTTP (src/sandbox/README.md).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Provider } from '../core/payment.ts';

/** A key-value store a simulator keeps its PG-side state in (billing keys, transactions). */
export type SimulatorStore = {
  /** Removes a key (e.g. an expired window session). */
  delete?(key: string): Promise<void>;
  get<T>(key: string): Promise<T | undefined>;
  /** Several keys in one read, each value (or undefined) in the order asked. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
  /** Several keys in one atomic write (distinct keys). */
  setMany(entries: readonly (readonly [string, unknown])[]): Promise<void>;
  /**
   * Sets `key` only if it is absent, and with it, atomically, the `also` entries; false (nothing
   * written) when `key` was already there. How a PG takes an id that must never be handed out twice.
   */
  claim(key: string, value: unknown, also?: readonly (readonly [string, unknown])[]): Promise<boolean>;
  /**
   * `claim`, written only while every expectation holds at that moment: a key with a text holds exactly
   * that JSON text (as `set` stored it), a key with null is absent. `changed` when one did not (nothing
   * written), `taken` when `key` was there. How a PG records a charge in one write on what it read before.
   */
  claimIf(key: string, value: unknown, also: readonly (readonly [string, unknown])[], expect: readonly (readonly [string, string | null])[]): Promise<'claimed' | 'taken' | 'changed'>;
};

/** A call as it arrived (http-server.ts): `path` is the request target without its query, `body` the whole body. */
export type RawCall = { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer };
/** An answer written as is: its headers (lower-case names) and a UTF-8 body. */
export type RawReply = { status: number; headers: Readonly<Record<string, string>>; body: string };

/** A fake PG: a fetch-style handler for requests under its prefix (`/{provider}`). */
export type Simulator = {
  provider: Provider;
  handle(req: Request): Promise<Response>;
  /**
   * Its hot calls (server API calls) answered from the call as it arrived, without a web Request, with
   * the same bytes `handle` would answer; null (nothing done) for any call it leaves to `handle`.
   */
  raw?(call: RawCall): Promise<RawReply | null>;
};
