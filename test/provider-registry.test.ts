/**
 * One list of PGs (core/payment.ts `providers`): every connector, channel spec, capability table and
 * fake PG is registered for exactly those providers, and the database's provider checks allow exactly
 * them, so adding a PG cannot leave one of them behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilitiesOf, channelSpecOf, connectors } from '../src/connectors/registry.ts';
import { providers } from '../src/core/payment.ts';
import { createMemoryStore } from '../src/sandbox/memory-store.ts';
import { createSimulators } from '../src/sandbox/registry.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite.ts';

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('the PG registry is the one list', () => {
  it('connectors, capabilities, channel specs and fake PGs cover exactly the providers', () => {
    assert.deepEqual(sorted(Object.keys(connectors)), sorted(providers));
    for (const p of providers) {
      assert.equal(capabilitiesOf(p).provider, p);
      assert.ok(channelSpecOf(p), p);
    }
    assert.deepEqual(sorted(Object.keys(createSimulators({ store: () => createMemoryStore(), now: () => 0 }))), sorted(providers));
  });

  it('every provider check in the migrated database allows exactly the providers', async () => {
    const db = await openPglite(null);
    try {
      await migrate(db);
      const checks = await db.query<{ table: string; def: string }>(
        "select conrelid::regclass::text as table, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'c' and pg_get_constraintdef(oid) like '%provider%'",
      );
      assert.ok(checks.length > 0, 'no provider check found');
      for (const c of checks) {
        const allowed = [...c.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!);
        assert.deepEqual(sorted(allowed), sorted(providers), `${c.table}: ${c.def}`);
      }
    } finally {
      await db.close();
    }
  });
});
