import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalesced, MAX_BATCH } from './coalesce.ts';

const recorder = () => {
  const calls: string[][] = [];
  const load = async (keys: string[]) => {
    calls.push(keys);
    return new Map(keys.filter((k) => !k.startsWith('missing')).map((k) => [k, { key: k, seen: [] as string[] }]));
  };
  return { calls, load };
};

describe('coalesced point reads', () => {
  it('reads asked for in one turn of the event loop go out as one load, duplicates once', async () => {
    const r = recorder();
    const read = coalesced(r.load);
    const got = await Promise.all(['a', 'b', 'a', 'missing-1'].map((k) => read(k)));
    assert.deepEqual(r.calls, [['a', 'b', 'missing-1']]);
    assert.deepEqual(got.map((v) => v?.key), ['a', 'b', 'a', undefined]);
    // Two callers of one key do not share an object.
    got[0]!.seen.push('changed');
    assert.deepEqual(got[2]!.seen, []);
  });

  it('a read asked for after a batch went out is sent in the next one', async () => {
    const r = recorder();
    const read = coalesced(r.load);
    await read('a');
    await read('a');
    assert.deepEqual(r.calls, [['a'], ['a']]);
  });

  it(`more than ${MAX_BATCH} keys in one turn are split into batches of at most ${MAX_BATCH}`, async () => {
    const r = recorder();
    const read = coalesced(r.load);
    const keys = Array.from({ length: MAX_BATCH + 10 }, (_, i) => `k${i}`);
    const got = await Promise.all(keys.map((k) => read(k)));
    assert.deepEqual(r.calls.map((c) => c.length), [MAX_BATCH, 10]);
    assert.deepEqual(got.map((v) => v?.key), keys);
  });

  it('a failed load fails every read that also fails alone, and the next batch runs normally', async () => {
    let fail = true;
    const calls: string[][] = [];
    const read = coalesced(async (keys: string[]) => {
      calls.push(keys);
      if (fail) throw new Error('db down');
      return new Map(keys.map((k) => [k, k]));
    });
    const outcomes = await Promise.allSettled([read('a'), read('b'), read('a')]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected', 'rejected']);
    assert.deepEqual(calls, [['a', 'b'], ['a'], ['b']], 'each key was tried again on its own');
    fail = false;
    assert.equal(await read('a'), 'a');
  });

  it("one key that fails the statement fails only its own reads, not the other keys' in its batch", async () => {
    const calls: string[][] = [];
    const read = coalesced(async (keys: string[]) => {
      calls.push(keys);
      if (keys.includes('poison')) throw new Error('statement failed');
      return new Map(keys.map((k) => [k, k]));
    });
    const outcomes = await Promise.allSettled([read('a'), read('poison'), read('b'), read('poison')]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    assert.deepEqual(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null)), ['a', null, 'b', null]);
  });

  it('a key PostgreSQL cannot hold (NUL, lone surrogate) is not found and never joins a batch', async () => {
    const r = recorder();
    const read = coalesced(r.load);
    const got = await Promise.all(['a', 'imp_\u0000', 'b\ud800', 'b'].map((k) => read(k)));
    assert.deepEqual(got.map((v) => v?.key), ['a', undefined, undefined, 'b']);
    assert.deepEqual(r.calls, [['a', 'b']]);
  });
});
