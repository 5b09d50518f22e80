import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupWrites } from './group-write.ts';

describe('groupWrites', () => {
  it('writes the first item at once and those that came meanwhile together in the next write', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const write = groupWrites<number>(async (batch) => {
      writes.push(batch);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = write(1);
    const rest = [write(2), write(3), write(4)];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(writes, [[1]], 'the others wait for the write under way');
    release();
    await Promise.all([first, ...rest]);
    assert.deepEqual(writes, [[1], [2, 3, 4]]);
    await write(5);
    assert.deepEqual(writes.at(-1), [5], 'idle: written at once, alone');
  });

  it('a failed write fails each of its items, and the next write still happens', async () => {
    let calls = 0;
    const write = groupWrites<string>(async () => {
      if (++calls === 1) throw new Error('db down');
    });
    const results = await Promise.allSettled([write('a'), write('b')]);
    assert.equal(results[0]!.status, 'rejected');
    assert.equal(results[1]!.status, 'fulfilled', 'b went in the second write');
    await write('c');
    assert.equal(calls, 3);
  });
});
