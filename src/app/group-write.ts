/**
 * Writes that arrive together go out as one statement (group commit): the first item is written at
 * once; items that come while that write is under way wait for it and go together in the next one.
 * Under load one statement carries many items; when idle nothing waits. Each caller's promise settles
 * when the statement carrying its item has (a failed statement fails each of its items).
 */
export function groupWrites<T>(write: (batch: T[]) => Promise<void>): (item: T) => Promise<void> {
  type Waiting = { item: T; resolve(): void; reject(e: unknown): void };
  let waiting: Waiting[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      await write(batch.map((w) => w.item)).then(() => batch.forEach((w) => w.resolve()), (e: unknown) => batch.forEach((w) => w.reject(e)));
    }
    writing = false;
  };
  return (item) => new Promise<void>((resolve, reject) => {
    waiting.push({ item, resolve, reject });
    if (!writing) void drain();
  });
}
