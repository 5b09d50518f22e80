/**
 * The embedded database's files are for this process's user only: directories 0700, files 0600.
 * PGlite writes its files world-readable whatever the umask, so the tree is tightened when it is
 * opened and again when it is closed, and the data directory itself (0700) keeps everyone else out
 * of what is written in between. docs/security.md, Secrets at rest.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `dir` if needed and makes it and everything under it private to the owner. */
export function makePrivateTree(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if ((st.mode & 0o077) !== 0) {
      chmodSync(path, st.mode & 0o700);
    }
  };
  walk(dir);
}
