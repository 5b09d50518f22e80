/**
 * Per-PG overrides for test and live channels (docs/configuration.md "PG hosts"): `OPENIMP_<PG>_URL`
 * replaces the PG's documented host, `OPENIMP_<PG>_NOTIFY_IPS` the addresses its notifications are
 * accepted from. Read once per PG when the gateway is built, so a bad value stops the start.
 */
import { isIP } from 'node:net';

type Env = Record<string, string | undefined>;

export type PgOverrides = {
  /** Origin (optionally with a path prefix) that replaces the PG's test and live hosts; null: the documented ones. */
  url: string | null;
  /** Addresses or CIDR ranges; null: the PG's documented ones. */
  notifyIps: string[] | null;
};

const envName = (provider: string, what: 'URL' | 'NOTIFY_IPS') => `OPENIMP_${provider.toUpperCase()}_${what}`;

/** `1.2.3.4`, `10.0.0.0/8`, `2001:db8::/32`; throws naming the variable otherwise. */
export function parseAddressList(text: string, name: string): string[] {
  const list = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const max = family === 6 ? 128 : 32;
    const prefixOk = bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !prefixOk || extra !== undefined) throw new Error(`${name}: ${JSON.stringify(entry)} is not an IP address or CIDR range`);
  }
  return list;
}

function parseUrl(text: string, name: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash) throw new Error(`${name} must be an http(s) URL without query, got ${JSON.stringify(text)}`);
  return text.replace(/\/+$/, '');
}

export function pgOverridesFrom(env: Env): (provider: string) => PgOverrides {
  return (provider) => {
    const url = env[envName(provider, 'URL')];
    const ips = env[envName(provider, 'NOTIFY_IPS')];
    return {
      url: url ? parseUrl(url, envName(provider, 'URL')) : null,
      notifyIps: ips === undefined || ips.trim() === '' ? null : parseAddressList(ips, envName(provider, 'NOTIFY_IPS')),
    };
  };
}

/**
 * `OPENIMP_TRUST_PROXY`: addresses or CIDR ranges of the reverse proxies whose `X-Forwarded-For` is
 * believed. Unset: the peer address is the client, and `X-Forwarded-For` is ignored.
 */
export function trustProxyFrom(env: Env): string[] | null {
  const v = env.OPENIMP_TRUST_PROXY;
  return v === undefined || v.trim() === '' ? null : parseAddressList(v, 'OPENIMP_TRUST_PROXY');
}
