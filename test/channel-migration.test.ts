/** Migration 0007: channels from before modes become sandbox channels, keeping their sealed secret. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { migrate } from '../src/storage/migrate.ts';
import { listChannels } from '../src/storage/merchants.ts';
import { openTestDb, testDrivers } from './support/db.ts';

const dir = new URL('../src/storage/migrations/', import.meta.url);
const MODES = '0007_channel_modes.sql';

for (const driver of testDrivers()) {
  describe(`channel modes migration on ${driver}`, () => {
    it('turns every existing channel, whatever its old sandbox flag, into a sandbox channel', async () => {
      const db = await openTestDb(driver);
      try {
        // The schema as it was before modes: every earlier migration, applied and recorded.
        await db.exec('create table schema_migrations (name text primary key, applied_at timestamptz not null default now())');
        for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql') && n < MODES).sort()) {
          await db.exec(readFileSync(new URL(f, dir), 'utf8'));
          await db.query('insert into schema_migrations (name) values ($1)', [f]);
        }
        const [m] = await db.query<{ id: number }>("insert into merchants (code, name, created_at) values ('imp00000009', 'old', 1) returning id");
        await db.query(`insert into channels (merchant_id, provider, pg_id, purpose, sandbox, secret_enc, created_at) values
          ($1, 'paymentwall', 'oldlive', 'general', false, 'v1:sealed-before', 1), ($1, 'kicc', 'T5102001', 'general', true, null, 1)`, [m!.id]);
        assert.deepEqual(await migrate(db), [MODES, ...readdirSync(dir).filter((n) => n.endsWith('.sql') && n > MODES).sort()]);
        const channels = await listChannels(db, m!.id);
        assert.deepEqual(channels.map((c) => [c.pgId, c.mode, c.sandbox, c.sealed.secret, c.sealed.apiKey]), [
          ['oldlive', 'sandbox', true, 'v1:sealed-before', null],
          ['T5102001', 'sandbox', true, null, null],
        ]);
        await assert.rejects(db.query("update channels set mode = 'production' where pg_id = 'oldlive'"), 'the mode is one of sandbox, test, live');
      } finally {
        await db.close();
      }
    });
  });
}
