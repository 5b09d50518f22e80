import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicAddress, nonPublicKind } from './ip-range.ts';

describe('ip-range: addresses a merchant URL must not reach', () => {
  it('IPv4: loopback, private, link-local, metadata, CGNAT, unspecified, multicast, reserved', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'], ['127.255.1.2', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['169.254.169.254', 'metadata'], ['169.254.1.1', 'link-local'],
      ['100.64.0.1', 'CGNAT'], ['100.127.255.255', 'CGNAT'], ['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'reserved'], ['198.18.0.1', 'reserved'],
    ];
    for (const [ip, kind] of cases) assert.equal(nonPublicKind(ip), kind, ip);
  });

  it('IPv6: loopback, unspecified, ULA, link-local, multicast, the EC2 metadata address', () => {
    const cases: [string, string][] = [
      ['::1', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'], ['::', 'unspecified'], ['fd12:3456::1', 'private'], ['fc00::1', 'private'],
      ['fe80::1%eth0', 'link-local'], ['ff02::1', 'multicast'], ['fd00:ec2::254', 'metadata'], ['[::1]', 'loopback'],
    ];
    for (const [ip, kind] of cases) assert.equal(nonPublicKind(ip), kind, ip);
  });

  it('IPv4 inside IPv6 (mapped, compatible, NAT64) is judged by the IPv4 address', () => {
    for (const ip of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::127.0.0.1', '64:ff9b::192.168.0.1']) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
    assert.equal(isPublicAddress('::ffff:8.8.8.8'), true);
  });

  it('public addresses pass; text that is no address does not', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888']) assert.equal(nonPublicKind(ip), null, ip);
    for (const ip of ['localhost', '127.1', '1.2.3', '01.2.3.4', '::1::2', 'gggg::1', '']) assert.equal(nonPublicKind(ip), 'invalid', ip);
  });
});
