/**
 * An in-memory SimulatorStore for tests. Values go through JSON like the database-backed store
 * (storage/sandbox-records.ts), so a simulator that stores something JSON cannot hold fails here too.
 */
import type { SimulatorStore } from './contract.ts';

export type MemoryStore = SimulatorStore & {
  /** Every stored record as its JSON text, so tests can check what a simulator keeps at rest. */
  dump(): string[];
};

export function createMemoryStore(): MemoryStore {
  const records = new Map<string, string>();
  const claimIf: SimulatorStore['claimIf'] = async (key, value, also, expect) => {
    if (expect.some(([k, text]) => (records.get(k) ?? null) !== text)) return 'changed';
    if (records.has(key)) return 'taken';
    for (const [k, v] of [[key, value] as const, ...also]) records.set(k, JSON.stringify(v));
    return 'claimed';
  };
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const text = records.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async getMany(keys) {
      return keys.map((k) => {
        const text = records.get(k);
        return text === undefined ? undefined : JSON.parse(text);
      });
    },
    async set(key: string, value: unknown): Promise<void> {
      records.set(key, JSON.stringify(value));
    },
    async setMany(entries) {
      for (const [k, v] of entries) records.set(k, JSON.stringify(v));
    },
    claim: async (key, value, also = []) => (await claimIf(key, value, also, [])) === 'claimed',
    claimIf,
    dump: () => [...records.entries()].map(([k, v]) => `${k} ${v}`),
  };
}
