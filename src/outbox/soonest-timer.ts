/**
 * A timer that can only be brought forward: asking for a run in `ms` while one is already due sooner
 * changes nothing, so a stream of requests (the outbox's kicks, one per queued event) cannot keep
 * postponing the run they all asked for.
 */
export function soonestTimer(run: () => void): { in(ms: number): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let at = Infinity;
  return {
    in(ms) {
      const due = Date.now() + ms;
      if (at <= due) return;
      clearTimeout(timer);
      at = due;
      timer = setTimeout(() => {
        at = Infinity;
        run();
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      at = Infinity;
    },
  };
}
