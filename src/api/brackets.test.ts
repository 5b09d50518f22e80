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
});
