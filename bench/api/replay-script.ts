/**
 * Turns a captured `again` into replayable SQL: a pgbench custom script (simple protocol, parameters
 * inlined as literals) and a parameter generator for the PGlite replay. The ids one `again` generates
 * (imp_uid, merchant_uid, the PG's tid) are drawn afresh per replay, so each replay inserts new rows
 * and claims a new order exactly as a new request would.
 */
import type { Captured, Statement } from './capture.ts';

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (Array.isArray(v)) return `ARRAY[${v.map(literal).join(',')}]`;
  return literal(JSON.stringify(v));
}

/** Captured id -> the pgbench variable that replaces it (the prefix keeps the id's shape). */
function idVariables(c: Captured): { from: string; to: string; set: string }[] {
  const vars = [
    { from: c.impUid, to: 'imp_:bimp', set: '\\set bimp random(100000000000000, 999999999999999)' },
    { from: c.merchantUid, to: 'capture-:bmuid', set: '\\set bmuid random(100000000000000, 999999999999999)' },
  ];
  // TPay-style tid: MID + '01' + yyMMddHHmmss + 6 digits; the 18 digits after MID+kind are drawn.
  if (c.pgTid) vars.push({ from: c.pgTid, to: `${c.pgTid.slice(0, -18)}:btid`, set: '\\set btid random(100000000000000000, 999999999999999999)' });
  return vars;
}

export function pgbenchScript(c: Captured): string {
  const vars = idVariables(c);
  const lines = vars.map((v) => v.set);
  for (const s of c.statements) {
    let sql = s.sql.replace(/\s+/g, ' ').trim().replace(/\$(\d+)/g, (_, i: string) => literal(s.params[Number(i) - 1]));
    for (const v of vars) sql = sql.split(v.from).join(v.to);
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
