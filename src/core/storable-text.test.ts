import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorableText, MAX_INPUT_DEPTH, unstorableField } from './storable-text.ts';

describe('isStorableText', () => {
  it('accepts ordinary text, Korean and astral characters (surrogate pairs)', () => {
    for (const s of ['', 'imp_123', '홍길동', '😀 결제', 'a\\u0000b (a backslash, not NUL)']) assert.equal(isStorableText(s), true, s);
  });
  it('refuses U+0000 anywhere and lone surrogates of either kind', () => {
    for (const s of ['\u0000', 'a\u0000', '\u0000b', 'x\ud800', '\udc00y', 'a\ud800b', '\ude00\ud83d']) assert.equal(isStorableText(s), false, JSON.stringify(s));
  });
});

describe('unstorableField', () => {
  it('names the top-level field holding NUL or a lone surrogate at any depth, as a value or a key', () => {
    assert.deepEqual(unstorableField({ a: 'ok', merchant_uid: 'x\u0000' }), { field: 'merchant_uid', reason: 'text' });
    assert.deepEqual(unstorableField({ custom_data: { deep: [{ k: '\ud800' }] } }), { field: 'custom_data', reason: 'text' });
    assert.deepEqual(unstorableField({ custom_data: { 'k\u0000': 1 } }), { field: 'custom_data', reason: 'text' });
    assert.deepEqual(unstorableField({ 'bad\u0000key': 'v' }), { field: null, reason: 'text' }, 'the offending key is never echoed');
    assert.deepEqual(unstorableField('raw\u0000'), { field: null, reason: 'text' });
  });
  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels, without recursing into all of it`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.deepEqual(unstorableField({ custom_data: deep }), { field: 'custom_data', reason: 'depth' });
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = { k: ok };
    assert.equal(unstorableField({ custom_data: ok }), null);
  });
  it('passes ordinary input, numbers, booleans, null and raw buffers', () => {
    assert.equal(unstorableField({ imp_uid: 'imp_1', amount: 1000, ok: true, none: null, list: ['a', '홍길동'] }), null);
    assert.equal(unstorableField(Buffer.from([0, 1, 2])), null);
    assert.equal(unstorableField(undefined), null);
  });
});
