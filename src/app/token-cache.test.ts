import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessToken } from '../storage/tokens.ts';
import { MAX_AGE_MS, MAX_ENTRIES, tokenCache } from './token-cache.ts';

const tok = (token: string, impKey = 'key_a'): AccessToken => ({ token, impKey, merchantId: 1, issuedAt: 0, expiredAt: 1800 });

describe('token cache', () => {
  it('caches nothing until enabled (listening), and forgets everything when disabled', () => {
    const c = tokenCache(() => 0);
    c.put(tok('t1'), c.epoch());
    assert.equal(c.get('t1'), null, 'off: not kept');
    c.enable();
    c.put(tok('t1'), c.epoch());
    assert.equal(c.get('t1')?.token, 't1');
    c.disable();
    assert.equal(c.get('t1'), null);
    c.enable();
    assert.equal(c.get('t1'), null, 'enabling again starts empty');
  });

  it('evicts every token of a revoked key, and only those', () => {
    const c = tokenCache(() => 0);
    c.enable();
    for (const [t, k] of [['t1', 'key_a'], ['t2', 'key_a'], ['t3', 'key_b']]) c.put(tok(t!, k), c.epoch());
    c.evictKey('key_a');
    assert.deepEqual(['t1', 't2', 't3'].map((t) => c.get(t)?.token ?? null), [null, null, 't3']);
  });

  it('drops a read that started before an eviction (it may hold the token just revoked)', () => {
    const c = tokenCache(() => 0);
    c.enable();
    const before = c.epoch();
    c.evictKey('key_a'); // the revocation commits while the read is in flight
    c.put(tok('t1'), before);
    assert.equal(c.get('t1'), null);
    c.put(tok('t1'), c.epoch());
    assert.equal(c.get('t1')?.token, 't1', 'a read started after it is kept');
  });

  it(`re-reads an entry after ${MAX_AGE_MS} ms (changes nobody announced)`, () => {
    let ms = 0;
    const c = tokenCache(() => ms);
    c.enable();
    c.put(tok('t1'), c.epoch());
    ms = MAX_AGE_MS - 1;
    assert.equal(c.get('t1')?.token, 't1');
    ms = MAX_AGE_MS;
    assert.equal(c.get('t1'), null);
  });

  it(`holds at most ${MAX_ENTRIES} tokens, dropping the oldest`, () => {
    const c = tokenCache(() => 0);
    c.enable();
    for (let i = 0; i <= MAX_ENTRIES; i++) c.put(tok(`t${i}`), c.epoch());
    assert.equal(c.get('t0'), null);
    assert.equal(c.get('t1')?.token, 't1');
    assert.equal(c.get(`t${MAX_ENTRIES}`)?.token, `t${MAX_ENTRIES}`);
  });
});
