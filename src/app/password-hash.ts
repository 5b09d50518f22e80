/** scrypt (memory-hard) hashes for API secrets and console passwords; never reversible. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, 32, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 }, (e, k) => (e ? reject(e) : resolve(k))));
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt);
  return `scrypt$${N}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [alg, n, saltB64, keyB64] = stored.split('$');
  if (alg !== 'scrypt' || Number(n) !== N || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await derive(secret, Buffer.from(saltB64, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let decoy: Promise<string> | null = null;

/**
 * The same scrypt work as verifySecret, against a hash nobody's secret matches: for an unknown user
 * or key, so the time taken does not tell it from a known one with a wrong secret. Always false.
 */
export async function verifyDecoy(secret: string): Promise<false> {
  await verifySecret(secret, await (decoy ??= hashSecret(randomBytes(16).toString('hex'))));
  return false;
}
