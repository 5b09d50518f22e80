/**
 * `npx tsx bench/api/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile's time goes.
 * Self time by area (an npm package, a folder of src/, Node's internals, GC, idle) and by function;
 * PROFILE_LAST_SECONDS=n keeps only the last n seconds (the load that ran just before the server stopped).
 */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
// PROFILE_LAST_SECONDS=n: only the samples of the profile's last n seconds (the load just before the server stopped).
const last = Number(process.env.PROFILE_LAST_SECONDS ?? 0);
const from = last > 0 ? prof.endTime - last * 1e6 : -Infinity;
const self = new Map<number, number>();
let at = prof.startTime;
prof.samples.forEach((id, i) => {
  at += prof.timeDeltas[i] ?? 0;
  if (at >= from) self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});

function area(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') return functionName;
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/src\/(([^/]+\/)?)/.exec(url);
  if (src) return `src/${src[1] || ''}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url;
}

const areas = new Map<string, number>();
const funcs = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const a = area(n);
  if (a === '(idle)') idle += us;
  else total += us;
  areas.set(a, (areas.get(a) ?? 0) + us);
  const where = n.callFrame.url ? `${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}` : '';
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}`;
  funcs.set(key, (funcs.get(key) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
process.stdout.write(`${file}\nbusy ${ms(total)} (idle ${ms(idle)} not counted)\n\nby area (self time)\n`);
for (const [a, us] of [...areas].filter(([a]) => a !== '(idle)').sort((x, y) => y[1] - x[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${a}\n`);
// Inclusive time of openimp's own functions (a function's self time plus all it called; recursion counted once).
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  if (area(byId.get(id)!) === '(idle)') continue;
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (!/\/src\//.test(n.callFrame.url)) continue;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/src\//, 'src/')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
process.stdout.write('\nopenimp functions by inclusive time\n');
for (const [f, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${f}\n`);
process.stdout.write('\nby function (self time)\n');
for (const [f, us] of [...funcs].sort((x, y) => y[1] - x[1]).slice(0, top)) if (!f.startsWith('(idle)')) process.stdout.write(`${pct(us)} ${ms(us)}  ${f}\n`);
