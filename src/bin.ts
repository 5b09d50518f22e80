/**
 * `npx openimp`: the gateway from a merchant's project (compiled to dist/bin.js; bin/openimp.js runs it).
 * Flags set the same settings as the environment variables (docs/configuration.md); a flag wins.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { serveUntilSignal } from './start.ts';

/** Flag -> environment variable; loadConfig stays the one parser of settings. */
const flags = {
  port: 'PORT', host: 'HOST', 'public-url': 'OPENIMP_PUBLIC_URL', 'data-dir': 'OPENIMP_DATA_DIR', 'database-url': 'DATABASE_URL',
  'merchant-code': 'OPENIMP_DEMO_MERCHANT_CODE', 'imp-key': 'OPENIMP_DEMO_IMP_KEY', 'imp-secret': 'OPENIMP_DEMO_IMP_SECRET',
  'console-password': 'OPENIMP_DEMO_CONSOLE_PASSWORD', 'log-level': 'LOG_LEVEL',
} as const;

export const usage = `Usage: npx openimp [options]

Starts openimp (i'mport V1 compatible gateway with sandbox PAYCO, KICC, JTNet and Paymentwall).
Each option overrides the environment variable in brackets (docs/configuration.md).

  --port N                 port to listen on (PORT, default 4000)
  --host ADDR              address to bind (HOST, default 0.0.0.0)
  --public-url URL         where browsers and PGs reach it (OPENIMP_PUBLIC_URL, default http://localhost:PORT)
  --data-dir DIR           embedded database and key file (OPENIMP_DATA_DIR, default ./.openimp)
  --database-url URL       use PostgreSQL instead of the embedded database (DATABASE_URL)
  --merchant-code CODE     demo merchant code, "imp" + 8 digits (OPENIMP_DEMO_MERCHANT_CODE)
  --imp-key KEY            demo merchant's REST API key (OPENIMP_DEMO_IMP_KEY)
  --imp-secret SECRET      demo merchant's REST API secret (OPENIMP_DEMO_IMP_SECRET)
  --console-password PW    demo console password for demo@openimp.local (OPENIMP_DEMO_CONSOLE_PASSWORD)
  --log-level LEVEL        fatal, error, warn, info, debug (LOG_LEVEL, default info)
  -h, --help               this text

The demo credentials apply when the database is created (the first start on a data directory).
`;

/** An exit code, or 'serving' while the gateway runs (it exits on SIGINT/SIGTERM). */
export async function run(argv: string[], env: Record<string, string | undefined>): Promise<number | 'serving'> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { ...Object.fromEntries(Object.keys(flags).map((f) => [f, { type: 'string' as const }])), help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    process.stderr.write(`openimp: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const merged: Record<string, string | undefined> = { OPENIMP_DATA_DIR: './.openimp', ...env };
  for (const [flag, name] of Object.entries(flags)) if (typeof values[flag] === 'string') merged[name] = values[flag] as string;
  try {
    await serveUntilSignal(loadConfig(merged));
  } catch (e) {
    process.stderr.write(`openimp: ${(e as Error).message}\n`);
    return 1;
  }
  return 'serving';
}

const code = await run(process.argv.slice(2), process.env);
if (code !== 'serving') process.exit(code);
