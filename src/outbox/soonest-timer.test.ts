import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { soonestTimer } from './soonest-timer.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('soonestTimer', () => {
  it('runs once at the first deadline asked for, however often it is asked again meanwhile', async () => {
    let runs = 0;
    const t = soonestTimer(() => runs++);
    const start = Date.now();
    let firstRunAfter = -1;
    t.in(60);
    while (Date.now() - start < 300) {
      t.in(60); // every 10 ms: a timer that restarted on each request would never run
      await sleep(10);
      if (runs > 0 && firstRunAfter < 0) firstRunAfter = Date.now() - start;
    }
    assert.ok(runs >= 1 && firstRunAfter < 200, `ran ${runs} times, first after ${firstRunAfter} ms`);
    t.cancel();
  });

  it('is brought forward by a sooner request, and cancel stops it', async () => {
    let runs = 0;
    const t = soonestTimer(() => runs++);
    t.in(10_000);
    t.in(20);
    await sleep(80);
    assert.equal(runs, 1);
    t.in(20);
    t.cancel();
    await sleep(80);
    assert.equal(runs, 1);
  });
});
