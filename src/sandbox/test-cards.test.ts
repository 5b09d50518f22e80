import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { chosenOutcomes } from './chosen-outcomes.ts';
import { applyExpiry, cardCompanyOf, cardOutcome, chargeFate, issuanceOutcome, luhnValid, testCards } from './test-cards.ts';

const now = 1_750_000_000; // 2025-06-15
const future = { year: 2030, month: 12 };

describe('test cards', () => {
  it('are distinct, 16-digit and Luhn-valid', () => {
    const numbers = Object.values(testCards).map((c) => c.number);
    assert.equal(new Set(numbers).size, numbers.length);
    for (const n of numbers) assert.ok(/^[0-9]{16}$/.test(n) && luhnValid(n), n);
  });

  it('are all documented in docs/test-cards.md, and nothing else is', () => {
    const doc = readFileSync(new URL('../../docs/test-cards.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/`([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4})`/g)].map((m) => m[1]!.replace(/-/g, ''));
    assert.deepEqual(documented.sort(), Object.values(testCards).map((c) => c.number).sort());
  });

  it('select their outcome; other Luhn-valid numbers approve; Luhn failures are invalid', () => {
    for (const c of Object.values(testCards)) assert.deepEqual(cardOutcome(c.number, future, now), c.outcome);
    assert.deepEqual(cardOutcome('4111111111111111', future, now), { kind: 'approve' });
    assert.deepEqual(cardOutcome('4111111111111112', future, now), { kind: 'invalid' });
    assert.deepEqual(cardOutcome('12', future, now), { kind: 'invalid' });
  });

  it('decline as expired once the expiry month has ended', () => {
    const expired = { kind: 'decline', reason: 'expired' };
    assert.deepEqual(cardOutcome(testCards.approveBc.number, { year: 2025, month: 5 }, now), expired);
    assert.deepEqual(cardOutcome(testCards.approveBc.number, { year: 2025, month: 6 }, now), { kind: 'approve' });
    assert.deepEqual(applyExpiry({ kind: 'invalid' }, { year: 2000, month: 1 }, now), { kind: 'invalid' });
  });

  it('refuse keys only for invalid, expired and lost cards', () => {
    const issue = (n: string) => issuanceOutcome(cardOutcome(n, future, now)).kind;
    assert.equal(issue(testCards.invalidNumber.number), 'invalid');
    assert.equal(issue(testCards.expiredCard.number), 'decline');
    assert.equal(issue(testCards.lostOrStolen.number), 'decline');
    for (const c of [testCards.insufficientFunds, testCards.declined, testCards.pgTimeout, testCards.pgError]) assert.equal(issue(c.number), 'approve');
  });

  it('name the card company from the sandbox BIN, BC credit otherwise', () => {
    assert.deepEqual(cardCompanyOf(testCards.approveShinhan.number), { code: '366', name: '신한카드', type: 0 });
    assert.deepEqual(cardCompanyOf(testCards.approveKbCheck.number), { code: '381', name: 'KB국민카드', type: 1 });
    assert.deepEqual(cardCompanyOf('9374010000000000'), { code: '374', name: '하나카드', type: 1 });
    assert.deepEqual(cardCompanyOf('4111111111111111'), { code: '361', name: 'BC카드', type: 0 });
    assert.deepEqual(cardCompanyOf('9999000000000000'), { code: '361', name: 'BC카드', type: 0 });
  });

  it('give a charge the chosen outcome first: the order\'s, then the merchant\'s, each used up; the card\'s otherwise', async () => {
    const card = cardOutcome(testCards.approveShinhan.number, future, now);
    const choices = chosenOutcomes();
    choices.choose('M1', null, { kind: 'decline', reason: 'limit_exceeded' }, 2);
    choices.choose('M1', 'o1', { kind: 'pg_timeout' }, 1);
    const fates = [
      chargeFate(card, { mid: 'M1', orderId: 'o1' }, choices), chargeFate(card, { mid: 'M1', orderId: 'o1' }, choices),
      chargeFate(card, { mid: 'M1', orderId: 'o2' }, choices), chargeFate(card, { mid: 'M1', orderId: 'o3' }, choices), chargeFate(card, { mid: 'M2', orderId: 'o1' }, choices),
    ].map((o) => o.kind);
    assert.deepEqual(fates, ['pg_timeout', 'decline', 'decline', 'approve', 'approve']);
    choices.choose('M1', null, { kind: 'pg_error' }, 1);
    assert.equal(choices.has({ mid: 'M1', orderId: 'o9' }), true);
    assert.equal(chargeFate(card, { mid: 'M1', orderId: 'o1' }, chosenOutcomes()).kind, 'approve', "another fake PG's choices are not these");
    assert.deepEqual(choices.list('M1').map((c) => c.remaining), [1]);
    assert.equal(choices.clear('M1'), 1);
  });
});
