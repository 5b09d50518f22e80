/** OPENIMP_<PG>_URL / _NOTIFY_IPS / OPENIMP_TRUST_PROXY parsing, and the host and source rules by mode. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pgOverridesFrom, trustProxyFrom } from '../src/config-pg.ts';
import { channelSpecOf } from '../src/connectors/registry.ts';
import { providers } from '../src/core/payment.ts';
import { pgEndpoints } from '../src/pg-endpoints.ts';

describe('PG hosts and notification sources', () => {
  it('uses each PG\'s documented hosts by mode, and OPENIMP_<PG>_URL for both test and live', () => {
    const e = pgEndpoints(channelSpecOf, pgOverridesFrom({ OPENIMP_PAYMENTWALL_URL: 'http://127.0.0.1:9999/egress/' }));
    assert.equal(e.hostFor('kicc', 'test'), 'https://testpgapi.easypay.co.kr');
    assert.equal(e.hostFor('kicc', 'live'), 'https://pgapi.easypay.co.kr');
    assert.equal(e.hostFor('payco', 'test'), 'https://alpha-api-bill.payco.com');
    assert.equal(e.hostFor('payco', 'live'), 'https://api-bill.payco.com');
    assert.equal(e.hostFor('jtnet', 'live'), 'https://webtx.tpay.co.kr');
    assert.equal(e.hostFor('paymentwall', 'test'), 'http://127.0.0.1:9999/egress');
    assert.equal(e.hostFor('paymentwall', 'live'), 'http://127.0.0.1:9999/egress');
  });

  it('OPENIMP_<PG>_URL and OPENIMP_<PG>_NOTIFY_IPS (an address and a CIDR range) work for every PG', () => {
    for (const p of providers) {
      const name = p.toUpperCase();
      const e = pgEndpoints(channelSpecOf, pgOverridesFrom({ [`OPENIMP_${name}_URL`]: `http://127.0.0.1:9999/${p}/`, [`OPENIMP_${name}_NOTIFY_IPS`]: '198.51.100.7, 203.0.113.0/25' }));
      for (const mode of ['test', 'live'] as const) {
        assert.equal(e.hostFor(p, mode), `http://127.0.0.1:9999/${p}`, `${p} ${mode}`);
        assert.deepEqual([e.acceptsFrom(p, mode, '198.51.100.7'), e.acceptsFrom(p, mode, '203.0.113.127'), e.acceptsFrom(p, mode, '203.0.113.128')], [true, true, false], `${p} ${mode}`);
      }
      for (const other of providers.filter((o) => o !== p)) assert.notEqual(e.hostFor(other, 'live'), `http://127.0.0.1:9999/${p}`, `${p}'s override is not ${other}'s`);
    }
  });

  it('accepts notifications only from the documented addresses; a PG that documents none accepts none until configured', () => {
    const e = pgEndpoints(channelSpecOf, pgOverridesFrom({ OPENIMP_JTNET_NOTIFY_IPS: '192.0.2.0/28, 2001:db8::/32' }));
    assert.equal(e.acceptsFrom('kicc', 'test', '61.33.205.151'), true);
    assert.equal(e.acceptsFrom('kicc', 'live', '61.33.205.151'), false, 'KICC\'s test address is not a live one');
    assert.equal(e.acceptsFrom('kicc', 'live', '203.233.72.151'), true);
    assert.equal(e.acceptsFrom('paymentwall', 'live', '216.127.71.254'), true);
    assert.equal(e.acceptsFrom('paymentwall', 'live', '216.127.72.1'), false);
    assert.equal(e.acceptsFrom('payco', 'live', '203.0.113.1'), false, 'PAYCO documents no addresses');
    assert.equal(e.acceptsFrom('jtnet', 'test', '192.0.2.15'), true);
    assert.equal(e.acceptsFrom('jtnet', 'test', '192.0.2.16'), false);
    assert.equal(e.acceptsFrom('jtnet', 'live', '2001:db8:1::5'), true);
    assert.equal(e.acceptsFrom('jtnet', 'live', '::ffff:192.0.2.3'), true, 'an IPv4 peer on a dual-stack socket');
    assert.equal(e.acceptsFrom('jtnet', 'live', 'not-an-ip'), false);
  });

  it('stops the start on a bad value, naming the variable', () => {
    const bad = (env: Record<string, string>, re: RegExp) => assert.throws(() => pgEndpoints(channelSpecOf, pgOverridesFrom(env)), re);
    bad({ OPENIMP_KICC_URL: 'ftp://x' }, /OPENIMP_KICC_URL/);
    bad({ OPENIMP_PAYCO_URL: 'not a url' }, /OPENIMP_PAYCO_URL/);
    bad({ OPENIMP_KICC_NOTIFY_IPS: '1.2.3.4, example.com' }, /OPENIMP_KICC_NOTIFY_IPS: "example.com"/);
    bad({ OPENIMP_PAYMENTWALL_NOTIFY_IPS: '10.0.0.0/33' }, /OPENIMP_PAYMENTWALL_NOTIFY_IPS/);
    assert.throws(() => trustProxyFrom({ OPENIMP_TRUST_PROXY: 'true' }), /OPENIMP_TRUST_PROXY/);
    assert.deepEqual(trustProxyFrom({ OPENIMP_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }), ['127.0.0.1', '10.0.0.0/8']);
    assert.equal(trustProxyFrom({}), null);
  });

  it('every PG module documents its hosts and where its notification sources come from', () => {
    for (const p of providers) {
      const s = channelSpecOf(p);
      assert.match(s.hosts.test, /^https:\/\//);
      assert.match(s.hosts.live, /^https:\/\//);
      assert.ok(s.notifySources.source.length > 0);
      assert.equal(s.notifySources.documented, s.notifySources.live.length > 0);
    }
  });
});
