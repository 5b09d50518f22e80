import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { postgresUrl } from '../test/support/db.ts';
import { loopStats } from './loop-stats.ts';
import { openPostgres } from './storage/postgres.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('loop stats (the benchmark\'s tail timeline)', () => {
  it('a 120 ms synchronous block shows as a window\'s event-loop delay', async () => {
    const read = loopStats();
    await sleep(250);
    busy(120);
    await sleep(250);
    const s = read();
    const worst = Math.max(...s.windows.map((w) => w.loopMaxMs));
    assert.ok(worst >= 100, `the blocked window: ${worst} ms`);
    assert.ok(s.loopDelayMaxMs >= 100);
    assert.equal(s.poolWaitingMax, null);
    assert.ok(read().windows.every((w) => w.loopMaxMs < 100), 'a read starts the next timeline afresh');
  });
});

describe('loop stats: pool waits on PostgreSQL', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  it('queries queued behind a pool of 2 show as waiting, with the pool\'s size', async () => {
    const schema = `loopstats_${process.pid}_${randomBytes(3).toString('hex')}`;
    const db = await openPostgres({ url: postgresUrl!, schema, max: 2 });
    try {
      const read = loopStats(db.poolStats);
      await Promise.all(Array.from({ length: 6 }, () => db.query('select pg_sleep(0.1)')));
      const s = read();
      assert.ok(s.poolWaitingMax! >= 3, `waiting max ${s.poolWaitingMax}`);
      assert.equal(s.poolOpenMax, 2);
      assert.equal(s.poolOpened, 1, 'the second connection (the first was opened to create the schema)');
      assert.ok(s.windows.some((w) => w.poolIdleMin === 0));
      await sleep(30);
      assert.equal(read().poolWaitingMax, 0, 'nothing waits once they are done');
    } finally {
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  });
});
