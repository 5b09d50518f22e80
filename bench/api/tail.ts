/**
 * What the open loop's slowest 1 % are made of (bench/README.md, "Latency tail"). Beside the load, every
 * 100 ms, from Linux /proc: the machine's busy CPU, steal and CPU pressure (PSI), and for each of our own
 * tasks (the server's main thread, its other threads, its PostgreSQL backends, this runner) CPU used and
 * time spent runnable but waiting for a core (schedstat). Machine CPU minus ours is the neighbours'.
 * The slowest requests' [due, done] spans are lined up with these windows and with the server's own
 * (event-loop delay, GC, pool waits: src/loop-stats.ts), and each figure is compared with the other windows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { LoopWindow } from '../../src/loop-stats.ts';

const WINDOW_MS = 100;
const TICK_MS = 100;
const HZ_MS = 10;

/** One 100 ms window (t: its start, epoch ms); CPU and waits in ms within it. */
export type MachineWindow = {
  t: number; machineBusyMs: number; stealMs: number; psiCpuSomeMs: number; oursCpuMs: number; neighboursCpuMs: number;
  serverCpuMs: number; backendsCpuMs: number; runnerCpuMs: number;
  mainWaitMs: number; serverOtherWaitMs: number; backendsWaitMs: number; runnerWaitMs: number;
};

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
const tasksOf = (pid: number | 'self'): string[] => {
  try {
    return readdirSync(`/proc/${pid}/task`).map((t) => `/proc/${pid}/task/${t}/schedstat`);
  } catch {
    return [];
  }
};
/** CPU and run-queue wait (ns) summed over schedstat files; a task that has ended keeps its last figures. */
const lastSeen = new Map<string, [number, number]>();
function sched(files: string[]): { cpu: number; wait: number } {
  let cpu = 0;
  let wait = 0;
  for (const f of files) {
    const s = read(f)?.split(' ');
    const v: [number, number] = s ? [Number(s[0]), Number(s[1])] : (lastSeen.get(f) ?? [0, 0]);
    lastSeen.set(f, v);
    (cpu += v[0]), (wait += v[1]);
  }
  return { cpu, wait };
}
function cpuLine(): { busy: number; steal: number } {
  const f = (read('/proc/stat') ?? '').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - f[3]! - f[4]!) * HZ_MS, steal: (f[7] ?? 0) * HZ_MS };
}
const psiSome = () => Number(/some .*total=(\d+)/.exec(read('/proc/pressure/cpu') ?? '')?.[1] ?? 0) / 1000;

/** Samples every 100 ms until stopped; returns the windows. Backends: the PostgreSQL pids serving the server. */
export function machineSampler(serverPid: number, backendPids: number[]): () => MachineWindow[] {
  const main = [`/proc/${serverPid}/task/${serverPid}/schedstat`];
  const other = tasksOf(serverPid).filter((f) => f !== main[0]);
  const backends = backendPids.map((p) => `/proc/${p}/schedstat`);
  const runner = tasksOf('self');
  const snap = () => ({ at: performance.timeOrigin + performance.now(), m: sched(main), o: sched(other), b: sched(backends), r: sched(runner), c: cpuLine(), psi: psiSome() });
  const out: MachineWindow[] = [];
  let prev = snap();
  const ns = (x: number) => Math.round(x / 1e4) / 100;
  const timer = setInterval(() => {
    const s = snap();
    const ours = ns(s.m.cpu - prev.m.cpu + s.o.cpu - prev.o.cpu + s.b.cpu - prev.b.cpu + s.r.cpu - prev.r.cpu);
    const busy = s.c.busy - prev.c.busy;
    out.push({
      t: Math.floor(prev.at / WINDOW_MS) * WINDOW_MS, machineBusyMs: busy, stealMs: s.c.steal - prev.c.steal, psiCpuSomeMs: Math.round(s.psi - prev.psi),
      oursCpuMs: ours, neighboursCpuMs: Math.max(0, Math.round(busy - ours)),
      serverCpuMs: ns(s.m.cpu - prev.m.cpu + s.o.cpu - prev.o.cpu), backendsCpuMs: ns(s.b.cpu - prev.b.cpu), runnerCpuMs: ns(s.r.cpu - prev.r.cpu),
      mainWaitMs: ns(s.m.wait - prev.m.wait), serverOtherWaitMs: ns(s.o.wait - prev.o.wait), backendsWaitMs: ns(s.b.wait - prev.b.wait), runnerWaitMs: ns(s.r.wait - prev.r.wait),
    });
    prev = s;
  }, TICK_MS);
  return () => {
    clearInterval(timer);
    return out;
  };
}

type Row = Record<string, number>;
export type TailReport = {
  /** Windows (100 ms) any of the slowest 1 % was in flight in, and the other windows of the run. */
  tailWindows: number; otherWindows: number;
  /** Each figure's mean per window over the tail windows and over the others, and its maximum in the tail windows. */
  figures: Record<string, { tail: number; other: number; tailMax: number }>;
  /** The joined windows from 300 ms before the slowest request was due to its answer (t: ms from its due time). */
  slowestSpan: Row[];
};

const r1 = (x: number) => Math.round(x * 10) / 10;

export function tailReport(slowest: { dueAt: number; ms: number }[], server: LoopWindow[], machine: MachineWindow[]): TailReport {
  const inTail = new Set<number>();
  for (const s of slowest) for (let t = Math.floor(s.dueAt / WINDOW_MS) * WINDOW_MS; t <= s.dueAt + s.ms; t += WINDOW_MS) inTail.add(t);
  const rows = new Map<number, Row>();
  for (const w of machine) rows.set(w.t, { ...w });
  for (const w of server) {
    const r = rows.get(w.t);
    if (r) Object.assign(r, { loopMaxMs: w.loopMaxMs, gcMs: w.gcMs, poolWaitingMax: w.poolWaitingMax, poolOpened: w.poolOpened });
  }
  const all = [...rows.values()].filter((r) => 'loopMaxMs' in r);
  const tail = all.filter((r) => inTail.has(r.t!));
  const other = all.filter((r) => !inTail.has(r.t!));
  const mean = (rs: Row[], k: string) => (rs.length === 0 ? 0 : r1(rs.reduce((a, r) => a + (r[k] ?? 0), 0) / rs.length));
  const keys = Object.keys(all[0] ?? {}).filter((k) => k !== 't');
  const worst = slowest[0];
  const slowestSpan = worst ? all.filter((r) => r.t! >= worst.dueAt - 300 && r.t! <= worst.dueAt + worst.ms).map((r) => ({ ...r, t: Math.round(r.t! - worst.dueAt) })) : [];
  return {
    tailWindows: tail.length, otherWindows: other.length, slowestSpan,
    figures: Object.fromEntries(keys.map((k) => [k, { tail: mean(tail, k), other: mean(other, k), tailMax: r1(Math.max(0, ...tail.map((r) => r[k] ?? 0))) }])),
  };
}
