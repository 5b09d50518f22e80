import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTransition, cancellableAmount, canApply, newPayment, paymentStatuses, transitions, type Payment } from './payment.ts';

const base = (): Payment => newPayment({
  impUid: 'imp_000000000001', merchantId: 1, merchantUid: 'o1', channelId: 1, payMethod: 'card', channel: 'api',
  pgProvider: 'jtnet', pgId: 'mid', sandbox: true, currency: 'KRW', amount: 10000, startedAt: 100,
});
const entry = (amount: number, id = 'c1') => ({ cancellationId: id, pgTid: 't', amount, taxFree: 0, reason: 'r', cancelledAt: 200, receiptUrl: null });

describe('payment state machine (one transition table)', () => {
  it('every event lists only real statuses', () => {
    for (const from of Object.values(transitions)) for (const s of from) assert.ok(paymentStatuses.includes(s));
  });

  it('ready -> paid on approval, announcing payment.paid', () => {
    const r = applyTransition(base(), { type: 'approve', at: 150, pg: { pgTid: 'T1', applyNum: '123' } });
    assert.ok(r.ok);
    assert.equal(r.payment.status, 'paid');
    assert.equal(r.payment.paidAt, 150);
    assert.equal(r.payment.pgTid, 'T1');
    assert.deepEqual(r.events.map((e) => [e.kind, e.notify]), [['payment.paid', true]]);
  });

  it('an ordinary failure is recorded but not announced to webhooks', () => {
    const r = applyTransition(base(), { type: 'fail', at: 150, reason: '[3011] 잔액부족' });
    assert.ok(r.ok);
    assert.equal(r.payment.status, 'failed');
    assert.equal(r.payment.failReason, '[3011] 잔액부족');
    assert.equal(r.events[0]!.notify, false);
  });

  it('a partial cancel keeps paid; the last part makes it cancelled', () => {
    const paid = applyTransition(base(), { type: 'approve', at: 150, pg: {} });
    assert.ok(paid.ok);
    const part = applyTransition(paid.payment, { type: 'cancel', at: 200, entry: entry(3000), requestedBy: 'api' });
    assert.ok(part.ok);
    assert.equal(part.payment.status, 'paid');
    assert.equal(part.payment.cancelAmount, 3000);
    assert.equal(cancellableAmount(part.payment), 7000);
    assert.equal(part.events[0]!.notify, false, 'API cancel without enable_webhook is silent');
    const rest = applyTransition(part.payment, { type: 'cancel', at: 210, entry: entry(7000, 'c2'), requestedBy: 'api', enableWebhook: true });
    assert.ok(rest.ok);
    assert.equal(rest.payment.status, 'cancelled');
    assert.equal(rest.payment.cancelHistory.length, 2);
    assert.equal(rest.events[0]!.notify, true);
  });

  it('refuses a cancel beyond the balance and moves from terminal states', () => {
    const paid = applyTransition(base(), { type: 'approve', at: 150, pg: {} });
    assert.ok(paid.ok);
    assert.equal(applyTransition(paid.payment, { type: 'cancel', at: 200, entry: entry(10001), requestedBy: 'api' }).ok, false);
    assert.equal(canApply('cancelled', 'approve'), false);
    assert.equal(canApply('paid', 'fail'), false);
    assert.equal(canApply('failed', 'cancel'), false);
  });

  it('failed -> paid is allowed (Paymentwall late approval, reference §6.4)', () => {
    assert.equal(canApply('failed', 'approve'), true);
  });
});
