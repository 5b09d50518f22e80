/** Comparing signatures without leaking, through timing, how much of a forged one was right. */
import { timingSafeEqual } from 'node:crypto';

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
