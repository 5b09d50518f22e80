import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testClock } from '../../test/support/clock.ts';
import { failureLimiter } from './failure-limiter.ts';

const limits = { freePerPair: 3, maxDelaySec: 60, perSubject: 10, perAddress: 8, windowSec: 900 };

describe('failure limiter: guesses slow down the pair that failed, nobody else', () => {
  it('a pair gets its free failures, then waits 1 s, 2 s, 4 s ... up to the cap; a success clears it', () => {
    const clock = testClock();
    const l = failureLimiter({ ...limits, perSubject: 100, perAddress: 100, now: clock.now });
    for (let i = 0; i < 3; i++) {
      assert.equal(l.check('alice', '10.0.0.1').ok, true);
      l.failed('alice', '10.0.0.1');
    }
    assert.deepEqual(l.check('alice', '10.0.0.1'), { ok: false, retryAfterSec: 1 });
    clock.advance(1);
    assert.equal(l.check('alice', '10.0.0.1').ok, true);
    l.failed('alice', '10.0.0.1');
    assert.deepEqual(l.check('alice', '10.0.0.1'), { ok: false, retryAfterSec: 2 });
    for (let i = 0; i < 10; i++) l.failed('alice', '10.0.0.1');
    assert.deepEqual(l.check('alice', '10.0.0.1'), { ok: false, retryAfterSec: 60 }, 'capped');
    assert.equal(l.check('alice', '10.0.0.2').ok, true, 'the same account from another address is not held back');
    clock.advance(60);
    l.succeeded('alice', '10.0.0.1');
    assert.equal(l.check('alice', '10.0.0.1').ok, true);
  });

  it('an account over its limit holds back only the addresses that failed for it', () => {
    const clock = testClock();
    const l = failureLimiter({ ...limits, now: clock.now });
    for (let i = 0; i < 10; i++) l.failed('alice', `192.0.2.${i}`);
    assert.equal(l.check('alice', '192.0.2.0').ok, false);
    assert.equal(l.check('alice', '198.51.100.7').ok, true, 'the real user from a clean address');
    clock.advance(900);
    assert.equal(l.check('alice', '192.0.2.0').ok, true, 'the window ends');
  });

  it('an address over its limit holds back only its failing pairs: other users behind it sign in', () => {
    const clock = testClock();
    const l = failureLimiter({ ...limits, now: clock.now });
    for (let i = 0; i < 8; i++) l.failed(`user${i}`, '203.0.113.5');
    l.failed('new-guess', '203.0.113.5');
    assert.equal(l.check('new-guess', '203.0.113.5').ok, false);
    assert.equal(l.check('bob', '203.0.113.5').ok, true);
  });

  it('stays bounded in memory', () => {
    const clock = testClock();
    const l = failureLimiter({ ...limits, now: clock.now, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) l.failed(`u${i}`, `a${i}`);
    for (let i = 0; i < 3; i++) l.failed('last', 'a');
    assert.equal(l.check('last', 'a').ok, false, 'the newest entries are kept');
  });
});
