import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noCredentials } from '../core/channel.ts';
import { GatewayError } from '../core/errors.ts';
import type { Channel } from '../storage/merchants.ts';
import { resolveChannel } from './resolve-channel.ts';

let id = 0;
const ch = (provider: Channel['provider'], pgId: string, purpose: Channel['purpose'], isDefault = false): Channel => ({
  id: ++id, merchantId: 1, provider, pgId, purpose, mode: 'sandbox', sandbox: true, isDefault, enabled: true, name: null, sealed: noCredentials(), createdAt: 0,
});

const all = [
  ch('jtnet', 'tpaytest0m', 'general', true), ch('jtnet', 'tpaytest2m', 'billing'), ch('jtnet', 'tpaytest1m', 'api'),
  ch('payco', 'PARTNERTEST', 'general'), ch('payco', 'AUTOPAY', 'billing'),
  ch('kicc', 'T5102001', 'general'), ch('kicc', 'T5102002', 'billing'), ch('paymentwall', 'pw_key', 'general'),
];
const code = (f: () => unknown) => {
  try { f(); } catch (e) { return (e as GatewayError).code; }
  return 'none';
};

describe('pg parameter resolution (seeds: "pg" key parameter)', () => {
  it('omitted -> the default channel, or the only one', () => {
    assert.equal(resolveChannel(all, undefined, 'general').pgId, 'tpaytest0m');
    assert.equal(resolveChannel([ch('payco', 'ONLY', 'general')], '', 'general').pgId, 'ONLY');
  });
  it('omitted with customer_uid -> the default PG\'s billing channel', () => {
    assert.equal(resolveChannel(all, null, 'billing').pgId, 'tpaytest2m');
  });
  it('"payco" -> the PAYCO channel for the purpose', () => {
    assert.equal(resolveChannel(all, 'payco', 'general').pgId, 'PARTNERTEST');
    assert.equal(resolveChannel(all, 'payco', 'billing').pgId, 'AUTOPAY');
  });
  it('"kicc.{MID}", "jtnet.{MID}", "paymentwall.{project_key}" name their channel', () => {
    assert.equal(resolveChannel(all, 'kicc.T5102002', 'billing').pgId, 'T5102002');
    assert.equal(resolveChannel(all, 'jtnet.tpaytest1m', 'api').pgId, 'tpaytest1m');
    assert.equal(resolveChannel(all, 'paymentwall.pw_key', 'general').provider, 'paymentwall');
  });
  it('anything else is a clear error', () => {
    assert.equal(code(() => resolveChannel(all, 'inicis', 'general')), 'PG_NOT_CONFIGURED');
    assert.equal(code(() => resolveChannel(all, 'kicc.NOPE', 'general')), 'PG_NOT_CONFIGURED');
    assert.equal(code(() => resolveChannel(all, 'kicc.', 'general')), 'PG_NOT_CONFIGURED');
  });
  it('API key-in on a PG without an API channel -> the V1 "no non-authenticated module" error', () => {
    assert.equal(code(() => resolveChannel(all, 'payco', 'api')), 'NO_API_BILLING_MODULE');
    assert.equal(resolveChannel(all, null, 'api').pgId, 'tpaytest1m');
  });
  it('disabled channels are never chosen', () => {
    const off = { ...ch('payco', 'OFF', 'general'), enabled: false };
    assert.equal(code(() => resolveChannel([off], 'payco', 'general')), 'PG_NOT_CONFIGURED');
  });
});
