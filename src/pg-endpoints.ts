/**
 * Where a channel's PG lives and whom its notifications may come from, by the channel's mode:
 * sandbox channels talk to openimp's fake PG and accept notifications from anywhere (the fake PG is
 * ours); test and live channels talk to the PG's documented host (or `OPENIMP_<PG>_URL`) and accept
 * notifications only from its documented addresses (or `OPENIMP_<PG>_NOTIFY_IPS`).
 */
import { BlockList, isIPv4 } from 'node:net';
import { parseAddressList, type PgOverrides } from './config-pg.ts';
import type { ChannelSpec } from './connectors/channel-spec.ts';
import type { ChannelMode } from './core/channel.ts';
import { providers, type Provider } from './core/payment.ts';

type RealMode = Exclude<ChannelMode, 'sandbox'>;

export type PgEndpoints = {
  /** The PG's base URL for a test or live channel. */
  hostFor(provider: Provider, mode: RealMode): string;
  acceptsFrom(provider: Provider, mode: RealMode, sourceIp: string): boolean;
};

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const e of parseAddressList(entries.join(','), 'notification sources')) {
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const type = isIPv4(addr) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is checked as 1.2.3.4. */
function normalize(ip: string): { addr: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:([0-9.]+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return { addr: mapped, type: 'ipv4' };
  return { addr: ip, type: isIPv4(ip) ? 'ipv4' : 'ipv6' };
}

/** Reads every PG's overrides now, so a bad `OPENIMP_<PG>_*` value stops the start. */
export function pgEndpoints(specOf: (p: Provider) => ChannelSpec, overrides: (p: string) => PgOverrides): PgEndpoints {
  const table = new Map(providers.map((p) => {
    const spec = specOf(p);
    const o = overrides(p);
    return [p, {
      hosts: { test: o.url ?? spec.hosts.test, live: o.url ?? spec.hosts.live },
      sources: { test: blockList(o.notifyIps ?? spec.notifySources.test), live: blockList(o.notifyIps ?? spec.notifySources.live) },
    }] as const;
  }));
  return {
    hostFor: (provider, mode) => table.get(provider)!.hosts[mode],
    acceptsFrom(provider, mode, sourceIp) {
      const { addr, type } = normalize(sourceIp);
      try {
        return table.get(provider)!.sources[mode].check(addr, type);
      } catch {
        return false; // not an address at all
      }
    },
  };
}
