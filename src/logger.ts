/**
 * The logger. Card data and secrets are redacted by key wherever they appear (ARCHITECTURE rule 12);
 * request bodies are never logged.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, at any depth pino can address. */
export const redactedKeys = [
  'card_number', 'expiry', 'birth', 'pwd_2digit', 'cvc', 'imp_secret', 'secret', 'password', 'access_token',
  'authorization', 'Authorization', 'x-imptokenheader', 'token', 'billingKey', 'pgBillingKeyEnc', 'card', 'number',
];

const paths = redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

export function createLogger(level: string, dest?: DestinationStream): Logger {
  return pino({ level, redact: { paths, censor: '[redacted]' }, base: undefined }, dest);
}
