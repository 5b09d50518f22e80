import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDelivered, webhookBody, webhookRetryDelay, webhookTargets } from './webhook-event.ts';

describe('webhook events (reference §4)', () => {
  it('the V1 body, with cancellation_id only on cancellations', () => {
    assert.deepEqual(JSON.parse(webhookBody({ impUid: 'imp_1', merchantUid: 'o1', status: 'paid' })), { imp_uid: 'imp_1', merchant_uid: 'o1', status: 'paid' });
    assert.deepEqual(JSON.parse(webhookBody({ impUid: 'imp_1', merchantUid: 'o1', status: 'cancelled', cancellationId: 'c1' })), { imp_uid: 'imp_1', merchant_uid: 'o1', status: 'cancelled', cancellation_id: 'c1' });
  });
  it('notice_url replaces the merchant URL; no URL means no delivery', () => {
    assert.deepEqual(webhookTargets(['http://a/x', 'http://b/y', 'http://a/x'], 'http://m/hook'), ['http://a/x', 'http://b/y']);
    assert.deepEqual(webhookTargets(null, 'http://m/hook'), ['http://m/hook']);
    assert.deepEqual(webhookTargets([], null), []);
    assert.deepEqual(webhookTargets(['ftp://x', 'not a url'], null), []);
  });
  it('backs off exponentially up to the cap', () => {
    const p = { baseDelaySec: 30, maxDelaySec: 3600, retryForSec: 90000 };
    assert.deepEqual([1, 2, 3, 4].map((n) => webhookRetryDelay(p, n)), [30, 60, 120, 240]);
    assert.equal(webhookRetryDelay(p, 20), 3600);
    // at least 24 h of retries fit in the default window with the cap
    assert.ok(isDelivered(200) && isDelivered(204) && !isDelivered(301) && !isDelivered(500) && !isDelivered(null));
  });
});
