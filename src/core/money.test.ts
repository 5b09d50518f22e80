import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWireAmount, toWireAmount, vatOf } from './money.ts';

describe('money: wire amounts become integer minor units', () => {
  it('accepts a KRW JSON number and a digit string (form bodies)', () => {
    assert.deepEqual(parseWireAmount(14000, 'KRW'), { ok: true, minor: 14000 });
    assert.deepEqual(parseWireAmount('14000', 'KRW'), { ok: true, minor: 14000 });
    assert.deepEqual(parseWireAmount(0, 'KRW'), { ok: true, minor: 0 });
  });

  it('rejects fractions of KRW, negatives, words, exponents and unsafe integers', () => {
    for (const bad of [1000.5, -1, '-1', 'abc', '1e3', '', ' ', '1,000', null, true, {}, [], Number.NaN, Infinity, 2 ** 60]) {
      assert.equal(parseWireAmount(bad, 'KRW').ok, false, `should reject ${String(bad)}`);
    }
  });

  it('USD keeps cents exactly and rejects a third decimal', () => {
    assert.deepEqual(parseWireAmount(20.5, 'USD'), { ok: true, minor: 2050 });
    assert.deepEqual(parseWireAmount('0.07', 'USD'), { ok: true, minor: 7 });
    assert.deepEqual(parseWireAmount(19.99, 'USD'), { ok: true, minor: 1999 });
    assert.equal(parseWireAmount(1.005, 'USD').ok, false);
  });

  it('converts minor units back to the wire without float drift', () => {
    assert.equal(toWireAmount(14000, 'KRW'), 14000);
    assert.equal(toWireAmount(1999, 'USD'), 19.99);
    assert.equal(toWireAmount(7, 'USD'), 0.07);
  });

  it('VAT is a tenth of the taxable part (amount - tax_free) / 11', () => {
    assert.equal(vatOf(11000, 0), 1000);
    assert.equal(vatOf(11000, 5500), 500);
  });
});
