/**
 * Sign-in throttling, in memory: every attempt counts against the client address, failed ones also
 * against the e-mail address. Checked before the password is hashed, so a flood costs no scrypt work.
 * One process's memory: several replicas each allow the limit (documented in the console README).
 */
export type LimitDecision = { ok: true } | { ok: false; retryAfterSec: number };

type Window = { count: number; resetAt: number };

export type LoginLimiter = {
  check(ip: string, email: string): LimitDecision;
  recordAttempt(ip: string): void;
  recordFailure(email: string): void;
  recordSuccess(email: string): void;
};

export function loginLimiter(opts: { perIp: number; perAccount: number; windowSec: number; now: () => number; maxEntries?: number }): LoginLimiter {
  const ips = new Map<string, Window>();
  const accounts = new Map<string, Window>();
  const max = opts.maxEntries ?? 10_000;

  const live = (m: Map<string, Window>, key: string): Window | null => {
    const w = m.get(key);
    if (!w) return null;
    if (w.resetAt <= opts.now()) {
      m.delete(key);
      return null;
    }
    return w;
  };
  const bump = (m: Map<string, Window>, key: string) => {
    const w = live(m, key);
    if (w) {
      w.count++;
      return;
    }
    if (m.size >= max) {
      for (const [k, v] of m) if (v.resetAt <= opts.now()) m.delete(k);
      // Still full: forget the oldest entries rather than grow without bound.
      for (const k of m.keys()) {
        if (m.size < max) break;
        m.delete(k);
      }
    }
    m.set(key, { count: 1, resetAt: opts.now() + opts.windowSec });
  };
  const norm = (email: string) => email.trim().toLowerCase();

  return {
    check(ip, email) {
      const a = live(ips, ip);
      const b = live(accounts, norm(email));
      const blocked = [a && a.count >= opts.perIp ? a : null, b && b.count >= opts.perAccount ? b : null].filter((w): w is Window => w !== null);
      if (blocked.length === 0) return { ok: true };
      return { ok: false, retryAfterSec: Math.max(...blocked.map((w) => w.resetAt - opts.now()), 1) };
    },
    recordAttempt: (ip) => bump(ips, ip),
    recordFailure: (email) => bump(accounts, norm(email)),
    recordSuccess: (email) => {
      accounts.delete(norm(email));
    },
  };
}
