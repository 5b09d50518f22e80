/**
 * A PG's documented parameter table, as a checker reads it: each field's type, its length limit in
 * bytes (UTF-8, as the PG's JSON/form body carries it), whether it is required, and an optional
 * format. `violations` lists everything a request does that the table does not allow, including
 * fields the table does not name, so a test can demand an empty list.
 */
export type FieldRule = {
  type: 'string' | 'number' | 'object' | 'array';
  /** Maximum length in bytes (strings). */
  max?: number;
  required?: boolean;
  /** A documented format, e.g. yyyyMMdd. */
  format?: RegExp;
  /** The table of an object field (or of each element of an array field). */
  of?: FieldTable;
};
export type FieldTable = Record<string, FieldRule>;

export const S = (max?: number, format?: RegExp): FieldRule => ({ type: 'string', max, format });
export const N = (): FieldRule => ({ type: 'number' });
export const O = (of?: FieldTable): FieldRule => ({ type: 'object', of });
export const A = (of?: FieldTable): FieldRule => ({ type: 'array', of });
export const req = (r: FieldRule): FieldRule => ({ ...r, required: true });

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export function violations(body: Record<string, unknown>, table: FieldTable, at = ''): string[] {
  const out: string[] = [];
  for (const [name, rule] of Object.entries(table)) {
    if (rule.required && (body[name] === undefined || body[name] === null || body[name] === '')) out.push(`${at}${name}: required, missing`);
  }
  for (const [name, value] of Object.entries(body)) {
    const rule = table[name];
    const where = `${at}${name}`;
    if (!rule) {
      out.push(`${where}: not in the documented table`);
      continue;
    }
    if (value === undefined || value === null) continue;
    const type = Array.isArray(value) ? 'array' : typeof value;
    if (type !== rule.type) {
      out.push(`${where}: ${rule.type} documented, ${type} sent (${JSON.stringify(value)})`);
      continue;
    }
    if (rule.type === 'number' && !Number.isInteger(value)) out.push(`${where}: not an integer amount (${String(value)})`);
    if (rule.type === 'string') {
      const s = value as string;
      if (rule.max !== undefined && bytes(s) > rule.max) out.push(`${where}: ${bytes(s)} bytes, documented ${rule.max}`);
      if (rule.format && s !== '' && !rule.format.test(s)) out.push(`${where}: ${JSON.stringify(s)} not in the documented format ${rule.format}`);
    }
    if (rule.type === 'object' && rule.of) out.push(...violations(value as Record<string, unknown>, rule.of, `${where}.`));
    if (rule.type === 'array' && rule.of) (value as Record<string, unknown>[]).forEach((v, i) => out.push(...violations(v, rule.of!, `${where}[${i}].`)));
  }
  return out;
}

/** Today in Korea (yyyyMMdd): KICC's request dates. */
export const kstToday = (now = Date.now()): string => new Date(now + 9 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
