import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

describe('GET /banks, /cards (reference §3.11, §7.1, §7.2)', () => {
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite', manualRecurring()); });
  after(async () => gw.close());

  it('lists and looks up KFTC bank codes', async () => {
    const all = await gw.call('GET', '/banks');
    assert.ok(all.body.response.some((b: any) => b.code === '088' && b.name === '신한은행'));
    assert.ok(all.body.response.every((b: any) => /^[0-9]{3}$/.test(b.code)));
    assert.deepEqual((await gw.call('GET', '/banks/004')).body.response, { code: '004', name: 'KB국민은행' });
    const missing = await gw.call('GET', '/banks/999');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, -1);
  });

  it('lists and looks up card codes, accepting the letter codes of foreign networks', async () => {
    const all = (await gw.call('GET', '/cards')).body.response;
    assert.ok(all.some((c: any) => c.code === '041' && c.name === '우리카드'));
    assert.deepEqual((await gw.call('GET', '/cards/366')).body.response, { code: '366', name: '신한카드' });
    assert.equal((await gw.call('GET', '/cards/VIS')).body.response.name, '비자');
    assert.equal((await gw.call('GET', '/cards/000')).status, 404);
    assert.equal((await gw.call('GET', '/cards', { token: null })).status, 401);
  });
});
