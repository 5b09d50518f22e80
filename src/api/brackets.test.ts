import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBracketed } from './brackets.ts';

describe('PHP-style bracket keys (reference §1.1)', () => {
  it('collects name[] into arrays', () => {
    assert.deepEqual(parseBracketed('imp_uid[]=a&imp_uid[]=b&merchant_uid[]=m'), { imp_uid: ['a', 'b'], merchant_uid: ['m'] });
  });
  it('nests name[key]', () => {
    assert.deepEqual(parseBracketed('extra[requester]=customer&reason=x'), { extra: { requester: 'customer' }, reason: 'x' });
  });
  it('turns repeated plain keys into an array and ignores prototype keys', () => {
    assert.deepEqual(parseBracketed('a=1&a=2&__proto__=x'), { a: ['1', '2'] });
  });
  it('never writes onto Object.prototype through a bracketed prototype key', () => {
    const r = parseBracketed('__proto__[polluted]=1&constructor[polluted]=2&prototype[polluted]=3&__proto__[]=4&ok[x]=5');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as unknown as Record<string, unknown>)['0'], undefined);
    assert.deepEqual(r, { ok: { x: '5' } });
  });
  it('builds arrays of objects from indexed keys (form-encoded schedules, reference §3.5)', () => {
    const r = parseBracketed('customer_uid=c&schedules[1][merchant_uid]=m2&schedules[0][merchant_uid]=m1&schedules[0][amount]=1000&schedules[1][amount]=2000');
    assert.deepEqual(r, { customer_uid: 'c', schedules: [{ merchant_uid: 'm1', amount: '1000' }, { merchant_uid: 'm2', amount: '2000' }] });
    assert.deepEqual(parseBracketed('merchant_uid[0]=a&merchant_uid[1]=b'), { merchant_uid: ['a', 'b'] });
    assert.deepEqual(parseBracketed('extra[list][]=a&extra[list][]=b'), { extra: { list: ['a', 'b'] } });
  });
  it('bounds nesting and indexes, and drops prototype keys at any depth', () => {
    const deep = parseBracketed('a[b][c][d][e][f]=1&big[100000]=x&s[0][__proto__][p]=1');
    assert.deepEqual(deep, { 'a[b][c][d][e][f]': '1', big: { 100000: 'x' }, });
    assert.equal(({} as Record<string, unknown>).p, undefined);
  });
});
