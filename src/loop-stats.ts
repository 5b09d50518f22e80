/**
 * Event-loop stalls and GC pauses of this thread, for the benchmark's usage route (OPENIMP_BENCH=1 only):
 * what a latency tail is made of (bench/README.md). Each read covers the time since the previous one.
 */
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';

export type LoopStats = {
  /** Event-loop delay (sampled every 10 ms) since the last read, ms. */
  loopDelayP99Ms: number; loopDelayMaxMs: number;
  /** GC pauses on this thread since the last read: how many, their sum and the longest (ms), and the mark-compact sum. */
  gcCount: number; gcMs: number; gcMaxMs: number; majorGcMs: number;
};

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const r2 = (x: number) => Math.round(x * 100) / 100;

export function loopStats(): () => LoopStats {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gc = { count: 0, ms: 0, max: 0, major: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.max = Math.max(gc.max, e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return () => {
    const out = { loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max), gcCount: gc.count, gcMs: r2(gc.ms), gcMaxMs: r2(gc.max), majorGcMs: r2(gc.major) };
    delay.reset();
    gc = { count: 0, ms: 0, max: 0, major: 0 };
    return out;
  };
}
