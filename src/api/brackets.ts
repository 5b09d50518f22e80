/**
 * PHP-style keys as V1 clients send them in query strings and form bodies (reference §1.1):
 * `imp_uid[]=a&imp_uid[]=b` -> an array, `extra[requester]=customer` -> a nested object,
 * `schedules[0][merchant_uid]=m` -> an array of objects (the schedule API's `schedules`);
 * a repeated plain key also becomes an array.
 * Prototype keys are dropped at every level (`__proto__[x]=1` must never reach Object.prototype), and
 * nesting and indexes are bounded so a crafted key cannot build a huge structure.
 */
type Node = Record<string, unknown>;

const MAX_DEPTH = 4;
const MAX_INDEX = 999;
const unsafe = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][0][]` -> ['a', 'b', '0', '']; null when the key is not of that form or goes too deep. */
function pathOf(key: string): string[] | null {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return null;
  const segments = [...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1]!);
  return segments.length > MAX_DEPTH ? null : [m[1]!, ...segments];
}

const isIndex = (s: string): boolean => /^[0-9]{1,3}$/.test(s) && Number(s) <= MAX_INDEX;

export function parseBracketed(input: string): Node {
  const out: Node = {};
  for (const [rawKey, value] of new URLSearchParams(input)) {
    const path = pathOf(rawKey) ?? [rawKey];
    if (path.some((p) => unsafe.has(p))) continue;
    // An index or `[]` anywhere but at the end needs a numbered container; `a[][b]` is ambiguous.
    if (path.slice(1, -1).some((p) => p === '')) continue;
    put(out, path, value);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, compact(v)]));
}

function put(root: Node, path: string[], value: string): void {
  let node: Node | unknown[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = path[i + 1]!;
    // `[]` appends to an array; a name or an index goes into an object (numbered objects become arrays
    // in compact(), so `a[5]` cannot make a sparse array). A container of the other kind is replaced.
    const wantArray = next === '';
    const cur: unknown = (node as Node)[key];
    const fits: boolean = wantArray ? Array.isArray(cur) : typeof cur === 'object' && cur !== null && !Array.isArray(cur);
    const child: Node | unknown[] = fits ? (cur as Node | unknown[]) : wantArray ? [] : {};
    (node as Node)[key] = child;
    node = child;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) {
    node.push(value);
    return;
  }
  const cur = node[last];
  if (cur === undefined) node[last] = value;
  else if (Array.isArray(cur)) cur.push(value);
  else if (typeof cur === 'string') node[last] = [cur, value];
}

/** Objects whose keys are all indexes become arrays in index order. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (typeof v !== 'object' || v === null) return v;
  const entries = Object.entries(v as Node).map(([k, x]) => [k, compact(x)] as const);
  if (entries.length > 0 && entries.every(([k]) => isIndex(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x);
  }
  return Object.fromEntries(entries);
}
