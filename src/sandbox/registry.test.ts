import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providers } from '../core/payment.ts';
import { createMemoryStore } from './memory-store.ts';
import { createSimulators } from './registry.ts';

describe('fake PG registry', () => {
  it('creates a fake PG, with its own books, for every provider', () => {
    const asked: string[] = [];
    const sims = createSimulators({ store: (p) => (asked.push(p), createMemoryStore()), now: () => 0 });
    for (const p of providers) assert.equal(sims[p].provider, p);
    assert.deepEqual(asked.sort(), [...providers].sort());
  });
});
