/**
 * CPU time of one OS thread (Linux /proc; null elsewhere): the benchmark's figures of the gateway's
 * main thread and of the fake PGs' worker thread, which `process.cpuUsage()` adds together.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's OS thread id (`/proc/thread-self` -> `{pid}/task/{tid}`), or null. */
export function osThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
}

/** User + system CPU of thread `tid` of this process in ms (clock ticks of 10 ms), or null. */
export function threadCpuMs(tid: number | null): number | null {
  if (tid === null) return null;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}
