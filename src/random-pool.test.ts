import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pooledRandom } from './random-pool.ts';

describe('pooledRandom (the gateway’s randomness)', () => {
  it('hands out each byte once, as copies a refill does not change', () => {
    const random = pooledRandom(32);
    const draws = Array.from({ length: 20 }, () => random(12));
    const kept = draws.map((d) => Buffer.from(d).toString('hex'));
    random(32); // refills the pool again
    assert.deepEqual(draws.map((d) => Buffer.from(d).toString('hex')), kept, 'earlier draws unchanged');
    assert.ok(draws.every((d) => d.length === 12));
    assert.equal(new Set(kept).size, kept.length, 'no draw repeats another');
  });

  it('serves a draw larger than the pool, and draws that look random', () => {
    const random = pooledRandom(16);
    assert.equal(random(100).length, 100);
    const bytes = Buffer.concat(Array.from({ length: 2000 }, () => random(10)));
    const counts = new Array(256).fill(0);
    for (const b of bytes) counts[b]++;
    // 20,000 bytes over 256 values: about 78 each; a stuck or repeating pool would be far off.
    assert.ok(Math.min(...counts) > 30 && Math.max(...counts) < 140, `byte counts ${Math.min(...counts)}..${Math.max(...counts)}`);
  });
});
