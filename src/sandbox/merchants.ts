/**
 * The merchants a fake PG knows, as a real PG has them registered: per PG, a merchant id (MID,
 * seller key, project key) and the secret it shares with that merchant. The gateway registers a
 * sandbox channel when it is saved (and the demo merchant at start) through the admin control
 * `PUT /_control/{pg}/merchants/{pgId}`. Kept in the fake PGs' own books, read once at start.
 */
import type { Provider } from '../core/payment.ts';
import type { SimulatorStore } from './contract.ts';
import { serialized } from './simulator.ts';

type Registered = Partial<Record<Provider, Record<string, string | null>>>;

export type MerchantRegistry = {
  /** The secret registered for this merchant; null = not registered or registered without one (the PG's documented sandbox key applies). */
  keyOf(provider: Provider, pgId: string): string | null;
  register(provider: Provider, pgId: string, secret: string | null): Promise<void>;
};

const KEY = 'registered-merchants';

export async function merchantRegistry(store: SimulatorStore): Promise<MerchantRegistry> {
  const known: Registered = (await store.get<Registered>(KEY)) ?? {};
  const exclusive = serialized();
  return {
    keyOf: (provider, pgId) => known[provider]?.[pgId] ?? null,
    register: (provider, pgId, secret) =>
      exclusive(async () => {
        (known[provider] ??= {})[pgId] = secret;
        await store.set(KEY, known);
      }),
  };
}
