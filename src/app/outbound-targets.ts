/**
 * Where openimp may send a request on a merchant's say-so (notice_url, the console's webhook URL,
 * confirm_url): http(s) only, no credentials, and, unless the operator allows it
 * (OPENIMP_ALLOW_PRIVATE_URLS), never to a loopback, private, link-local, metadata or otherwise
 * non-public address. Checked when a URL is accepted and again at connect time (`guardedLookup`):
 * the name is resolved once and the socket connects to the address that was checked, so a DNS answer
 * that changes between the two (rebinding) cannot reach inside. docs/security.md, SSRF.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { nonPublicKind } from '../core/ip-range.ts';
import { GatewayError } from '../core/errors.ts';

export type OutboundPolicy = { allowPrivate: boolean };

/** At most this many notice_urls per request: each is one POST per event. */
export const MAX_NOTICE_URLS = 5;
const MAX_URL_LENGTH = 2000;
/** How long acceptance waits for DNS; a name that does not resolve by then is left to the connect-time check. */
const ACCEPT_DNS_TIMEOUT_MS = 3000;

/** `host` as URL.hostname gives it, without the brackets of an IPv6 literal. */
const bare = (host: string) => host.replace(/^\[|\]$/g, '');

/** Why `address` may not be reached under `policy`, or null. */
const refusal = (policy: OutboundPolicy, address: string): string | null => (policy.allowPrivate ? null : nonPublicKind(address));

/** The URL if it is an http(s) URL without credentials; else a V1 BAD_REQUEST naming `field`. */
export function targetUrl(field: string, text: string): URL {
  let u: URL | null = null;
  try {
    u = new URL(text);
  } catch { /* refused below */ }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || text.length > MAX_URL_LENGTH) {
    throw new GatewayError('BAD_REQUEST', `${field} 는 인증정보 없는 ${MAX_URL_LENGTH}자 이내의 http(s) URL 이어야 합니다.`);
  }
  return u;
}

function resolveAll(host: string, timeoutMs: number): Promise<string[] | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    dnsLookup(host, { all: true }, (err, addresses) => {
      clearTimeout(timer);
      resolve(err ? null : addresses.map((a) => a.address));
    });
  });
}

/**
 * Refuses (V1 BAD_REQUEST) a URL that is not http(s) or whose host is, or resolves to, an address the
 * policy does not allow. A name that does not resolve now is accepted: every delivery is checked again
 * when it connects.
 */
export async function checkTargetUrl(policy: OutboundPolicy, field: string, text: string): Promise<void> {
  const u = targetUrl(field, text);
  if (policy.allowPrivate) return;
  const host = bare(u.hostname);
  const addresses = isIP(host) ? [host] : await resolveAll(host, ACCEPT_DNS_TIMEOUT_MS);
  const why = (addresses ?? []).map((a) => refusal(policy, a)).find((r) => r !== null);
  if (why) throw new GatewayError('BAD_REQUEST', `${field} 는 내부망 주소(${why})를 가리킬 수 없습니다.`);
}

/** notice_url(s) of a request: at most MAX_NOTICE_URLS, each a reachable http(s) URL. */
export async function checkNoticeUrls(policy: OutboundPolicy, urls: readonly string[] | null): Promise<void> {
  if (!urls) return;
  if (urls.length > MAX_NOTICE_URLS) throw new GatewayError('BAD_REQUEST', `notice_url 은 최대 ${MAX_NOTICE_URLS}개까지 지정할 수 있습니다.`);
  for (const [i, url] of urls.entries()) await checkTargetUrl(policy, urls.length > 1 ? `notice_url[${i}]` : 'notice_url', url.trim());
}

/** The error a connection gets for an address the policy refuses (the target is never contacted). */
export function refusedError(host: string, why: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`refused: ${host} is a ${why} address (OPENIMP_ALLOW_PRIVATE_URLS)`), { code: 'EOPENIMPREFUSED' });
}

/** For a URL whose host is an IP literal (sockets skip the lookup then): the refusal, or null. */
export function literalRefusal(policy: OutboundPolicy, u: URL): NodeJS.ErrnoException | null {
  const host = bare(u.hostname);
  const why = isIP(host) ? refusal(policy, host) : null;
  return why ? refusedError(host, why) : null;
}

/**
 * The `lookup` for http(s).request / net.connect: resolves once and hands the socket only addresses
 * the policy allows, so what was checked is what is connected to.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOneOptions), all: true } as LookupAllOptions, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => refusal(policy, a.address) === null);
      if (allowed.length === 0) return callback(refusedError(hostname, refusal(policy, addresses[0]?.address ?? '') ?? 'non-public'), '', 0);
      if ((options as LookupAllOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
