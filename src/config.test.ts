/** Where `npm start` puts the fake PGs (issue #9.2): the port after PORT unless OPENIMP_SANDBOX_PORT says otherwise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

describe('the fake PGs\' own origin', () => {
  it('defaults to the port after PORT, and its URL to that port', () => {
    assert.deepEqual([loadConfig({}).sandbox.port, loadConfig({}).sandbox.url], [4001, 'http://localhost:4001']);
    assert.equal(loadConfig({ PORT: '8080' }).sandbox.port, 8081);
    assert.equal(loadConfig({ PORT: '0' }).sandbox.port, 0, 'PORT=0: any free port for both');
  });

  it('OPENIMP_SANDBOX_PORT moves it, "off" starts none, a bad value stops the start', () => {
    assert.equal(loadConfig({ PORT: '8080', OPENIMP_SANDBOX_PORT: '9500' }).sandbox.port, 9500);
    assert.deepEqual([loadConfig({ OPENIMP_SANDBOX_PORT: 'off' }).sandbox.port, loadConfig({ OPENIMP_SANDBOX_PORT: 'off' }).sandbox.url], [null, null]);
    assert.equal(loadConfig({ OPENIMP_SANDBOX_PORT: 'off', OPENIMP_SANDBOX_URL: 'https://sbx.example/' }).sandbox.url, 'https://sbx.example', 'fake PGs run elsewhere');
    assert.throws(() => loadConfig({ OPENIMP_SANDBOX_PORT: '70000' }), /OPENIMP_SANDBOX_PORT/);
    assert.throws(() => loadConfig({ OPENIMP_SANDBOX_PORT: 'next' }), /OPENIMP_SANDBOX_PORT/);
  });
});
