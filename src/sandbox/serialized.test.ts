import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialized } from './simulator.ts';

/** A step that records when it starts and ends, and ends when `release` is called. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return {
    release: () => release(),
    step: async () => {
      log.push(`${name}+`);
      await done;
      log.push(`${name}-`);
      return name;
    },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('serialized: whole-book steps and per-key steps', () => {
  it('steps on one key run one at a time; steps on other keys run beside them', async () => {
    const run = serialized();
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b = gate(log, 'b');
    const pa1 = run.key('a', a1.step);
    const pa2 = run.key('a', a2.step);
    const pb = run.key('b', b.step);
    await turn();
    assert.deepEqual(log, ['a1+', 'b+'], 'a2 waits for a1; b does not');
    b.release();
    a1.release();
    await Promise.all([pa1, pb]);
    await turn();
    assert.deepEqual(log.slice(2).sort(), ['a1-', 'a2+', 'b-'].sort());
    a2.release();
    assert.equal(await pa2, 'a2');
  });

  it('a whole-book step waits for every key step before it, and holds back every step after it', async () => {
    const run = serialized();
    const log: string[] = [];
    const k = gate(log, 'k');
    const w = gate(log, 'w');
    const later = gate(log, 'later');
    const pk = run.key('x', k.step);
    const pw = run(w.step);
    const pl = run.key('y', later.step);
    await turn();
    assert.deepEqual(log, ['k+']);
    k.release();
    await pk;
    await turn();
    assert.deepEqual(log, ['k+', 'k-', 'w+'], 'the other key waits for the whole-book step');
    w.release();
    await pw;
    await turn();
    assert.deepEqual(log.at(-1), 'later+');
    later.release();
    await pl;
  });

  it('a failed step does not block the ones after it', async () => {
    const run = serialized();
    await assert.rejects(run.key('a', async () => { throw new Error('boom'); }), /boom/);
    await assert.rejects(run(async () => { throw new Error('whole'); }), /whole/);
    assert.equal(await run.key('a', async () => 'next'), 'next');
    assert.equal(await run(async () => 'after'), 'after');
  });
});
