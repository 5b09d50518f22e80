/**
 * One list of PGs (core/payment.ts `providers`): every connector, channel spec, capability table and
 * fake PG is registered for exactly those providers, and the database's provider checks allow exactly
 * them, so adding a PG cannot leave one of them behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppContext } from '../src/app/context.ts';
import { channelIdLabelsOf, pgNameOf } from '../src/app/merchant-settings.ts';
import type { ChannelSpec } from '../src/connectors/channel-spec.ts';
import type { Capabilities } from '../src/connectors/contract.ts';
import { capabilitiesOf, channelSpecOf, connectors } from '../src/connectors/registry.ts';
import { providers } from '../src/core/payment.ts';
import { createMemoryStore } from '../src/sandbox/memory-store.ts';
import { createSimulators } from '../src/sandbox/registry.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { startGateway } from './support/gateway.ts';

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

  it('the check follows the list: a database whose check allows another set gets it rebuilt at start', async () => {
    const db = await openPglite(null);
    try {
      await migrate(db);
      await db.query('alter table channels drop constraint channels_provider_check');
      await db.query("alter table channels add constraint channels_provider_check check (provider in ('payco', 'kicc'))");
      await migrate(db);
      const [c] = await db.query<{ def: string }>("select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'channels_provider_check'");
      assert.deepEqual(sorted([...c!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!)), sorted(providers));
      const [m] = await db.query<{ id: number }>("insert into merchants (code, name, created_at) values ('imp99999999', 'x', 1) returning id");
      await db.query("insert into channels (merchant_id, provider, pg_id, purpose, created_at) values ($1, 'paymentwall', 'pw', 'general', 1)", [m!.id]);
      await assert.rejects(db.query("insert into channels (merchant_id, provider, pg_id, purpose, created_at) values ($1, 'inicis', 'x', 'general', 1)", [m!.id]));
    } finally {
      await db.close();
    }
  });

  it("every PG's module names the PG and what it calls a channel's id, in both languages", () => {
    for (const p of providers) {
      const spec = channelSpecOf(p);
      assert.ok(spec.name.trim().length > 0, p);
      for (const label of Object.values(spec.idLabels)) assert.ok(label.ko.trim() && label.en.trim(), `${p}: ${JSON.stringify(label)}`);
    }
    assert.equal(new Set(providers.map((p) => channelSpecOf(p).name)).size, providers.length, 'two PGs share a name');
  });

  it("the console's PG names and id labels are read from the PG's channel spec", () => {
    const spec = { ...channelSpecOf('kicc'), name: 'NewPG', idLabels: { general: { ko: '새 MID', en: 'New MID' }, api: { ko: '키인 MID', en: 'Key-in MID' } } } satisfies ChannelSpec;
    const caps: Capabilities = { ...capabilitiesOf('kicc'), windowBilling: true, apiKeyIn: true };
    const ctx = { pg: { channelSpec: () => spec, capabilities: () => caps } } as unknown as AppContext;
    assert.equal(pgNameOf(ctx, 'kicc'), 'NewPG');
    // billing has no label of its own and falls back to general's; each label is shown once.
    assert.deepEqual(channelIdLabelsOf(ctx, 'kicc'), [{ ko: '새 MID', en: 'New MID' }, { ko: '키인 MID', en: 'Key-in MID' }]);
  });

  it("the demo merchant's sandbox channels are the ones each PG's module names, its one default first", async () => {
    const defaults = providers.flatMap((p) => channelSpecOf(p).demo.filter((c) => c.isDefault));
    assert.equal(defaults.length, 1, 'exactly one default demo channel');
    for (const p of providers) assert.ok(channelSpecOf(p).demo.length > 0, `${p} names no demo channel`);
    const gw = await startGateway('pglite');
    try {
      const rows = await gw.ctx.db.query<{ provider: string; pg_id: string; purpose: string; is_default: boolean; mode: string }>(
        'select provider, pg_id, purpose, is_default, mode from channels where merchant_id = (select min(id) from merchants) order by id');
      const want = providers.flatMap((p) => channelSpecOf(p).demo.map((c) => ({ provider: p, pg_id: c.pgId, purpose: c.purpose, is_default: c.isDefault === true, mode: 'sandbox' })));
      assert.deepEqual(rows[0], want.find((c) => c.is_default));
      assert.deepEqual(sorted(rows.map((r) => JSON.stringify(r))), sorted(want.map((r) => JSON.stringify(r))));
    } finally {
      await gw.close();
    }
  });

  it("a PG's own billing-charge rule comes from its capability table (Paymentwall: same email, browser_ip)", () => {
    const rule = capabilitiesOf('paymentwall').billingChargeRule;
    assert.ok(rule, 'paymentwall has no billing-charge rule');
    const ok = { buyerEmail: 'a@example.com', issuedEmail: 'a@example.com', browserIp: '203.0.113.7' };
    assert.equal(rule(ok), null);
    assert.deepEqual(rule({ ...ok, buyerEmail: 'b@example.com' }), { code: 'BUYER_EMAIL_MISMATCH' });
    assert.deepEqual(rule({ ...ok, buyerEmail: null }), { code: 'BUYER_EMAIL_MISMATCH' });
    assert.deepEqual(rule({ ...ok, browserIp: null }), { code: 'BAD_REQUEST', detail: 'Paymentwall 결제에는 browser_ip 가 필요합니다.' });
    for (const p of providers.filter((x) => x !== 'paymentwall')) assert.equal(capabilitiesOf(p).billingChargeRule, undefined, p);
  });
});
