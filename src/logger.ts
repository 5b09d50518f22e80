/**
 * The logger. Card data and secrets are redacted by key wherever they appear (ARCHITECTURE rule 12);
 * request bodies are never logged.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, at any depth. */
export const redactedKeys = [
  'card_number', 'expiry', 'birth', 'pwd_2digit', 'cvc', 'imp_secret', 'secret', 'password', 'access_token',
  'authorization', 'Authorization', 'x-imptokenheader', 'token', 'billingKey', 'pgBillingKeyEnc', 'card', 'number',
  // PG channel credentials, as openimp names them (core/channel.ts) and as the PGs' wires do.
  'apiKey', 'api_key', 'x-apikey', 'X-ApiKey', 'cancelPassword', 'cancel_pw', 'merchantKey', 'privateKey', 'private_key', 'sealed',
];

const redacted = new Set(redactedKeys);
const CENSOR = '[redacted]';
/** Deeper than any object we log; past it a value is dropped rather than walked. */
const MAX_DEPTH = 10;

/** A copy of a log object with every redacted key censored; errors keep their name, message and stack. */
function censor(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) return CENSOR;
  if (Array.isArray(v)) return v.map((x) => censor(x, depth + 1));
  const out: Record<string, unknown> = {};
  if (v instanceof Error) Object.assign(out, { type: v.name, message: v.message, stack: v.stack });
  for (const [k, x] of Object.entries(v)) out[k] = redacted.has(k) ? CENSOR : censor(x, depth + 1);
  return out;
}

/**
 * Redaction runs when a line is written (formatters.log), not through pino's redact paths: with
 * wildcard paths pino also runs them on every child logger's bindings, which Fastify creates per
 * request (about 12 µs each, a tenth of a whole GET), while lines below the level are never built.
 */
export function createLogger(level: string, dest?: DestinationStream): Logger {
  return pino({ level, base: undefined, formatters: { log: (obj) => censor(obj, 0) as Record<string, unknown> } }, dest);
}
