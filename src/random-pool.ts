/**
 * The gateway's randomness (AppContext.random): CSPRNG bytes handed out from a pool that
 * randomFillSync refills, so an imp_uid's 12 bytes cost no call into OpenSSL of their own (about
 * 3 us each on the again path). Every byte is handed out once, as a copy; larger draws go straight to
 * randomBytes.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import type { RandomBytes } from './core/ids.ts';

export function pooledRandom(poolSize = 4096): RandomBytes {
  const pool = new Uint8Array(poolSize);
  let at = poolSize;
  return (n) => {
    if (n > poolSize) return randomBytes(n);
    if (at + n > poolSize) {
      randomFillSync(pool);
      at = 0;
    }
    at += n;
    return pool.slice(at - n, at);
  };
}
