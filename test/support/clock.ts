/** A test clock in UNIX seconds that tests move by hand. */
export function testClock(start = 1_767_225_600 /* 2026-01-01T00:00:00Z */) {
  let t = start;
  return { now: () => t, advance: (sec: number) => { t += sec; }, set: (sec: number) => { t = sec; } };
}
