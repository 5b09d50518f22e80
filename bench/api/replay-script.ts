/**
 * Turns a captured `again` into replayable SQL: a pgbench custom script (parameters inlined as SQL
 * values; runs under -M simple and -M prepared) and a parameter generator for the PGlite replay. The ids one `again` generates
 * (imp_uid, merchant_uid, the PG's tid) are drawn afresh per replay, so each replay inserts new rows
 * and claims a new order exactly as a new request would.
 */
import type { Captured, Statement } from './capture.ts';

/** Captured id -> the pgbench variable that replaces it (the prefix keeps the id's shape). */
type IdVariable = { from: string; prefix: string; name: string; set: string };

function idVariables(c: Captured): IdVariable[] {
  const vars: IdVariable[] = [
    { from: c.impUid, prefix: 'imp_', name: 'bimp', set: '\\set bimp random(100000000000000, 999999999999999)' },
    { from: c.merchantUid, prefix: 'capture-', name: 'bmuid', set: '\\set bmuid random(100000000000000, 999999999999999)' },
  ];
  // TPay-style tid: MID + '01' + yyMMddHHmmss + 6 digits; the 18 digits after MID+kind are drawn.
  if (c.pgTid) vars.push({ from: c.pgTid, prefix: c.pgTid.slice(0, -18), name: 'btid', set: '\\set btid random(100000000000000000, 999999999999999999)' });
  return vars;
}

/**
 * A string as SQL text. pgbench reads `:name` as a variable anywhere in a command (inside quotes too,
 * and under -M prepared turns it into a parameter), so a colon before a name character is closed
 * off in its own literal; the ids a replay varies become `|| :var ||`, typed text.
 */
function textExpr(v: string, vars: IdVariable[]): string {
  const quote = (t: string) => `'${t.replace(/'/g, "''").replace(/:(?=[A-Za-z0-9_])/g, ":' || '")}'`;
  // Literal pieces and variables, in order: each captured id is cut out of the string.
  let pieces: (string | IdVariable)[] = [v];
  for (const x of vars) pieces = pieces.flatMap((p) => (typeof p === 'string' ? p.split(x.from).flatMap((q, i) => (i === 0 ? [q] : [x, q])) : [p]));
  const sql = pieces.map((p) => (typeof p === 'string' ? quote(p) : `'${p.prefix}' || :${p.name}`)).join(' || ');
  // A concatenation must be typed text; a plain literal stays untyped, so it also fills int or bool columns.
  return pieces.length > 1 || /:(?=[A-Za-z0-9_])/.test(v) ? `(''::text || ${sql})` : sql;
}

function sqlValue(v: unknown, vars: IdVariable[]): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return textExpr(v, vars);
  if (Array.isArray(v)) return `ARRAY[${v.map((x) => sqlValue(x, vars)).join(',')}]`;
  return textExpr(JSON.stringify(v), vars);
}

/** The captured statements as a pgbench script that runs under both -M simple and -M prepared. */
export function pgbenchScript(c: Captured): string {
  const vars = idVariables(c);
  const lines = vars.map((v) => v.set);
  for (const s of c.statements) {
    const sql = s.sql.replace(/\s+/g, ' ').trim().replace(/\$(\d+)/g, (_, i: string) => sqlValue(s.params[Number(i) - 1], vars));
    lines.push(`${sql};`);
  }
  return lines.join('\n') + '\n';
}

const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10))).join('');

/** Fresh statements for one PGlite replay: same SQL and parameters, new ids. */
export function replayStatements(c: Captured): Statement[] {
  const subst: [string, string][] = [[c.impUid, `imp_${digits(15)}`], [c.merchantUid, `capture-${digits(15)}`]];
  if (c.pgTid) subst.push([c.pgTid, `${c.pgTid.slice(0, -18)}${digits(18)}`]);
  const fix = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    let s = v;
    for (const [from, to] of subst) s = s.split(from).join(to);
    return s;
  };
  return c.statements.map((s) => ({ sql: s.sql, params: s.params.map(fix) }));
}
