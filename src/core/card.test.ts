import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCard, isExpired, maskCardNumber } from './card.ts';

describe('card data', () => {
  it('accepts the V1 dashed form and YYYY-MM expiry', () => {
    const r = checkCard({ card_number: '4242-4242-4242-4242', expiry: '2030-12', birth: '820213', pwd_2digit: '00' });
    assert.ok(r.ok);
    assert.equal(r.card.number, '4242424242424242');
    assert.deepEqual(r.card.expiry, { year: 2030, month: 12 });
  });

  it('rejects malformed numbers, expiry, birth and password digits', () => {
    assert.equal(checkCard({ card_number: '1234', expiry: '2030-12' }).ok, false);
    assert.equal(checkCard({ card_number: '4242424242424242', expiry: '2030-13' }).ok, false);
    assert.equal(checkCard({ card_number: '4242424242424242', expiry: '2030-12', birth: '12' }).ok, false);
    assert.equal(checkCard({ card_number: '4242424242424242', expiry: '2030-12', pwd_2digit: '123' }).ok, false);
    assert.equal(checkCard({ expiry: '2030-12' }).ok, false);
  });

  it('masks digits 7-12', () => {
    assert.equal(maskCardNumber('5428790000000294'), '542879******0294');
  });

  it('a card is valid through the last day of its expiry month', () => {
    const endOf2030Dec = Date.UTC(2031, 0, 1) / 1000;
    assert.equal(isExpired({ year: 2030, month: 12 }, endOf2030Dec - 1), false);
    assert.equal(isExpired({ year: 2030, month: 12 }, endOf2030Dec), true);
  });
});
