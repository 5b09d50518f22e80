/**
 * PHP-style keys as V1 clients send them (reference §1.1): `imp_uid[]=a&imp_uid[]=b` -> an array,
 * `extra[requester]=customer` -> a nested object (one level, optionally `extra[list][]`);
 * a repeated plain key also becomes an array.
 */
type Node = Record<string, unknown>;

export function parseBracketed(input: string): Node {
  const out: Node = {};
  for (const [rawKey, value] of new URLSearchParams(input)) {
    const m = /^([^[\]]+)(?:\[([^[\]]*)\])?(\[\])?$/.exec(rawKey);
    if (!m) {
      add(out, rawKey, value, false);
      continue;
    }
    const [, base, sub, trailingArray] = m as unknown as [string, string, string | undefined, string | undefined];
    // `__proto__[x]=1` would otherwise write x onto Object.prototype (prototype pollution).
    if (unsafe.has(base)) continue;
    if (sub === undefined) add(out, base, value, false);
    else if (sub === '') add(out, base, value, true);
    else {
      const cur = out[base];
      const nested: Node = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Node) : {};
      out[base] = nested;
      add(nested, sub, value, trailingArray !== undefined);
    }
  }
  return out;
}

const unsafe = new Set(['__proto__', 'constructor', 'prototype']);

function add(node: Node, key: string, value: string, asArray: boolean): void {
  if (unsafe.has(key)) return;
  const cur = node[key];
  if (cur === undefined) node[key] = asArray ? [value] : value;
  else if (Array.isArray(cur)) cur.push(value);
  else node[key] = [cur, value];
}
