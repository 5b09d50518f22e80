/**
 * A disk-stall probe run beside the open loop: every 50 ms it writes 8 KiB to a file next to the system's
 * temp files (on this machine the same disk as PostgreSQL's WAL) and fdatasyncs it, as a commit's WAL
 * flush does. A p99 of `again` far above its p90 while this probe shows the same stalls is the disk, not
 * the gateway (bench/README.md). 20 small syncs a second beside ~600 commits a second.
 */
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FsyncFigures = { syncs: number; p50Ms: number; p99Ms: number; maxMs: number; over50Ms: number };

const ms1 = (x: number) => Math.round(x * 10) / 10;

export async function fsyncProbe(everyMs = 50): Promise<() => Promise<FsyncFigures>> {
  const path = join(tmpdir(), `openimp-bench-fsync-${process.pid}`);
  const file = await open(path, 'w');
  const block = Buffer.alloc(8192, 1);
  const times: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = performance.now();
      await file.write(block, 0, block.length, 0);
      await file.datasync();
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await file.close();
    await rm(path, { force: true });
    const s = [...times].sort((a, b) => a - b);
    const at = (p: number) => s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
    return { syncs: s.length, p50Ms: ms1(at(50)), p99Ms: ms1(at(99)), maxMs: ms1(s[s.length - 1] ?? 0), over50Ms: s.filter((x) => x > 50).length };
  };
}
