import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canMove, canRetry, isSoftDecline, nextRetryAt, type RetryPolicy } from './schedule.ts';

const policy: RetryPolicy = { delaysSec: [3600, 86400], softDeclines: ['잔액부족', '한도초과'] };

describe('schedule retry policy', () => {
  it('retries soft declines after the configured delays, then stops', () => {
    assert.equal(nextRetryAt(policy, 1, '[F121] 잔액부족', 1000), 1000 + 3600);
    assert.equal(nextRetryAt(policy, 2, '[F122] 한도초과', 1000), 1000 + 86400);
    assert.equal(nextRetryAt(policy, 3, '[F121] 잔액부족', 1000), null);
  });
  it('never retries hard declines or unknown reasons', () => {
    assert.equal(isSoftDecline(policy, '[F124] 분실/도난카드'), false);
    assert.equal(nextRetryAt(policy, 1, '[F124] 분실/도난카드', 1000), null);
    assert.equal(nextRetryAt(policy, 1, null, 1000), null);
    assert.equal(nextRetryAt({ ...policy, delaysSec: [] }, 1, '잔액부족', 1000), null);
  });
  it('only pending schedules move; only failed or revoked ones are retried', () => {
    assert.equal(canMove({ status: 'scheduled' }), true);
    assert.equal(canMove({ status: 'executed' }), false);
    assert.equal(canRetry({ status: 'revoked', paymentStatus: null }), true);
    assert.equal(canRetry({ status: 'executed', paymentStatus: 'failed' }), true);
    assert.equal(canRetry({ status: 'executed', paymentStatus: 'paid' }), false);
    assert.equal(canRetry({ status: 'scheduled', paymentStatus: null }), false);
  });
});
