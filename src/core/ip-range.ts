/**
 * Which IP addresses are not the public internet: where a merchant-supplied URL (notice_url, the
 * webhook URL, confirm_url) must not lead unless the operator allows it (docs/security.md, SSRF).
 * Pure: parses the text form of an address (what DNS and sockets report), no I/O.
 */

type Range = { bytes: number[]; bits: number; what: string };

const v4 = (a: number, b: number, c: number, d: number, bits: number, what: string): Range => ({ bytes: [a, b, c, d], bits, what });

const V4_RANGES: Range[] = [
  v4(0, 0, 0, 0, 8, 'unspecified'),
  v4(10, 0, 0, 0, 8, 'private'),
  v4(100, 64, 0, 0, 10, 'CGNAT'),
  v4(127, 0, 0, 0, 8, 'loopback'),
  v4(169, 254, 169, 254, 32, 'metadata'),
  v4(169, 254, 0, 0, 16, 'link-local'),
  v4(172, 16, 0, 0, 12, 'private'),
  v4(192, 0, 0, 0, 24, 'reserved'),
  v4(192, 168, 0, 0, 16, 'private'),
  v4(198, 18, 0, 0, 15, 'reserved'),
  v4(224, 0, 0, 0, 4, 'multicast'),
  v4(240, 0, 0, 0, 4, 'reserved'),
];

const v6 = (prefix: number[], bits: number, what: string): Range => ({ bytes: prefix, bits, what });

const V6_RANGES: Range[] = [
  v6([0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'metadata'),
  v6([0xfc], 7, 'private'),
  v6([0xfe, 0x80], 10, 'link-local'),
  v6([0xfe, 0xc0], 10, 'reserved'),
  v6([0xff], 8, 'multicast'),
  v6([0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'),
];

const inRange = (addr: number[], r: Range): boolean => {
  for (let bit = 0; bit < r.bits; bit += 8) {
    const left = r.bits - bit;
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if (((addr[bit / 8] ?? 0) & mask) !== ((r.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
};

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function parseV6(text: string): number[] | null {
  let t = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes its two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const [a, b, c, d] = parseV4(dotted[1]!) ?? [];
    if (a === undefined) return null;
    t = `${t.slice(0, dotted.index)}${((a << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/**
 * What kind of non-public address `ip` is ('loopback', 'private', 'metadata', ...), or null for a
 * public one. IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d)
 * forms are judged by the IPv4 address inside. Text that is no address at all counts as 'invalid'.
 */
export function nonPublicKind(ip: string): string | null {
  const four = parseV4(ip);
  if (four) return V4_RANGES.find((r) => inRange(four, r))?.what ?? null;
  const six = parseV6(ip);
  if (!six) return 'invalid';
  const zeros = (n: number) => six.slice(0, n).every((b) => b === 0);
  if (zeros(16)) return 'unspecified';
  if (zeros(15) && six[15] === 1) return 'loopback';
  const embedded = (zeros(10) && six[10] === 0xff && six[11] === 0xff) || zeros(12)
    || (six[0] === 0x00 && six[1] === 0x64 && six[2] === 0xff && six[3] === 0x9b && six.slice(4, 12).every((b) => b === 0));
  if (embedded) return nonPublicKind(six.slice(12).join('.'));
  return V6_RANGES.find((r) => inRange(six, r))?.what ?? null;
}

export const isPublicAddress = (ip: string): boolean => nonPublicKind(ip) === null;
