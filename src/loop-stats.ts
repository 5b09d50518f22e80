/**
 * Event-loop stalls and GC pauses of this thread, for the benchmark's usage route (OPENIMP_BENCH=1 only):
 * what a latency tail is made of (bench/README.md). Each read covers the time since the previous one,
 * in total and as a timeline of 100 ms windows the benchmark lines up with its slowest requests.
 */
import { monitorEventLoopDelay, PerformanceObserver, constants, performance } from 'node:perf_hooks';
import type { PoolStats } from './storage/db.ts';

/**
 * One 100 ms window (`t`: its start, epoch ms): the longest event-loop delay seen by a 10 ms timer, GC
 * pause time, the most queries waiting for a pool connection / the fewest idle connections sampled, and
 * the connections the pool opened (each a new backend that prepares its statements afresh).
 */
export type LoopWindow = { t: number; loopMaxMs: number; gcMs: number; poolWaitingMax: number; poolIdleMin: number; poolOpened: number };

export type LoopStats = {
  /** Event-loop delay (sampled every 10 ms) since the last read, ms. */
  loopDelayP99Ms: number; loopDelayMaxMs: number;
  /** GC pauses on this thread since the last read: how many, their sum and the longest (ms), and the mark-compact sum. */
  gcCount: number; gcMs: number; gcMaxMs: number; majorGcMs: number;
  /** The pool (PostgreSQL only): the most queries that waited for a connection at once, the pool's size, connections opened. */
  poolWaitingMax: number | null; poolOpenMax: number | null; poolOpened: number | null;
  windows: LoopWindow[];
};

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const r2 = (x: number) => Math.round(x * 100) / 100;
const WINDOW_MS = 100;
const TICK_MS = 10;
/** At most a minute of windows is kept between reads. */
const MAX_WINDOWS = 600;

export function loopStats(pool?: () => PoolStats): () => LoopStats {
  const delay = monitorEventLoopDelay({ resolution: TICK_MS });
  delay.enable();
  let gc = { count: 0, ms: 0, max: 0, major: 0 };
  let windows = new Map<number, LoopWindow>();
  let poolMax = { waiting: 0, open: 0, opened: 0 };
  let lastOpened = pool?.().opened ?? 0;
  const windowAt = (epochMs: number): LoopWindow => {
    const t = Math.floor(epochMs / WINDOW_MS) * WINDOW_MS;
    let w = windows.get(t);
    if (!w) {
      if (windows.size >= MAX_WINDOWS) windows.delete(windows.keys().next().value!);
      windows.set(t, (w = { t, loopMaxMs: 0, gcMs: 0, poolWaitingMax: 0, poolIdleMin: Infinity, poolOpened: 0 }));
    }
    return w;
  };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.max = Math.max(gc.max, e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += e.duration;
      windowAt(performance.timeOrigin + e.startTime).gcMs += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    const w = windowAt(performance.timeOrigin + now);
    w.loopMaxMs = Math.max(w.loopMaxMs, now - last - TICK_MS);
    last = now;
    if (!pool) return;
    const p = pool();
    w.poolWaitingMax = Math.max(w.poolWaitingMax, p.waiting);
    w.poolIdleMin = Math.min(w.poolIdleMin, p.idle);
    w.poolOpened += p.opened - lastOpened;
    poolMax = { waiting: Math.max(poolMax.waiting, p.waiting), open: Math.max(poolMax.open, p.open), opened: poolMax.opened + p.opened - lastOpened };
    lastOpened = p.opened;
  }, TICK_MS);
  tick.unref();
  return () => {
    const out: LoopStats = {
      loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max), gcCount: gc.count, gcMs: r2(gc.ms), gcMaxMs: r2(gc.max), majorGcMs: r2(gc.major),
      poolWaitingMax: pool ? poolMax.waiting : null, poolOpenMax: pool ? poolMax.open : null, poolOpened: pool ? poolMax.opened : null,
      windows: [...windows.values()].map((w) => ({ ...w, loopMaxMs: r2(Math.max(0, w.loopMaxMs)), gcMs: r2(w.gcMs), poolIdleMin: w.poolIdleMin === Infinity ? -1 : w.poolIdleMin })),
    };
    delay.reset();
    gc = { count: 0, ms: 0, max: 0, major: 0 };
    windows = new Map();
    poolMax = { waiting: 0, open: 0, opened: 0 };
    return out;
  };
}
