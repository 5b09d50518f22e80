import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providers } from '../core/payment.ts';
import { capabilitiesOf, connectorFor, connectors } from './registry.ts';

describe('connector registry', () => {
  it('has a capability table for every PG, naming that PG', () => {
    for (const p of providers) assert.equal(capabilitiesOf(p).provider, p);
  });

  it('gives the connectors that exist, null for the others, with the same capabilities', () => {
    for (const p of providers) {
      const c = connectorFor(p);
      assert.equal(c !== null, Object.hasOwn(connectors, p), p);
      if (c) assert.equal(c.capabilities, capabilitiesOf(p));
    }
  });

  it('encodes the PG rules of reference §6.5', () => {
    assert.equal(capabilitiesOf('jtnet').windowBillingCharge, 'charge_when_positive');
    assert.equal(capabilitiesOf('payco').apiKeyIn, false);
    assert.deepEqual(capabilitiesOf('kicc').escrowPayMethods, ['trans', 'vbank']);
    assert.equal(capabilitiesOf('paymentwall').windowBillingCharge, 'always');
    assert.ok(capabilitiesOf('paymentwall').currencies.includes('USD'));
  });
});
