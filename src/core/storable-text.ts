/**
 * Text PostgreSQL can hold. A `text` or `jsonb` value cannot contain U+0000, and a lone UTF-16
 * surrogate has no UTF-8 form (in JSON it becomes a `\ud800` escape that `jsonb` refuses), so such a
 * string can never equal a stored value and must never reach a statement: it fails the whole statement.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/** How deep a request body may nest (objects and arrays): V1 bodies are shallow, `custom_data` is free-form. */
export const MAX_INPUT_DEPTH = 32;

export type InputProblem = { field: string | null; reason: 'text' | 'depth' };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function problemIn(v: unknown, depth: number): InputProblem['reason'] | null {
  if (typeof v === 'string') return isStorableText(v) ? null : 'text';
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return null;
  if (depth > MAX_INPUT_DEPTH) return 'depth';
  for (const [k, x] of Object.entries(v)) {
    if (!isStorableText(k)) return 'text';
    const r = problemIn(x, depth + 1);
    if (r) return r;
  }
  return null;
}

/**
 * The first top-level field of parsed input (path parameters, query, body) holding text PostgreSQL
 * cannot store, as a key or a value at any depth, or nesting deeper than MAX_INPUT_DEPTH. `field` is
 * the top-level name when it is a plain identifier (never the offending text itself), else null.
 */
export function unstorableField(input: unknown): InputProblem | null {
  if (input === null || typeof input !== 'object' || ArrayBuffer.isView(input)) {
    return typeof input === 'string' && !isStorableText(input) ? { field: null, reason: 'text' } : null;
  }
  for (const [k, v] of Object.entries(input)) {
    const reason = isStorableText(k) ? problemIn(v, 1) : 'text';
    if (reason) return { field: FIELD_NAME.test(k) ? k : null, reason };
  }
  return null;
}
