/**
 * `npm start`: config -> the fake PGs in a worker thread (unless OPENIMP_SANDBOX_PORT=off) ->
 * storage -> gateway -> listen. Prints the demo merchant on first start (secrets: first-start.ts).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { firstStartSecrets, writeFirstStartFile } from './first-start.ts';
import { createGateway } from './gateway.ts';
import { createLogger } from './logger.ts';
import { startSandboxWorker, type RunningSandbox } from './sandbox-wiring.ts';
import { openDb } from './storage/open.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);
let sandbox: RunningSandbox | null = null;
if (config.sandbox.port !== null) {
  sandbox = await startSandboxWorker({
    port: config.sandbox.port, host: config.host, adminToken: config.sandbox.adminToken ?? randomBytes(24).toString('base64url'),
    // A "PG timeout" test card answers just after the connector gave up, as a slow PG would.
    timeoutDelayMs: config.pgTimeoutMs + 200,
    databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'sandbox'), schema: config.sandbox.schema,
  });
}
// Port 0 picks a free port: sandbox channels then reach it where it listens, unless OPENIMP_SANDBOX_URL says otherwise.
const sandboxUrl = config.sandbox.url ?? sandbox?.url ?? null;
const db = await openDb(config);
const gateway = await createGateway({
  config, db, log,
  sandbox: sandboxUrl && (sandbox || config.sandbox.adminToken) ? { url: sandboxUrl, adminToken: sandbox?.adminToken ?? config.sandbox.adminToken! } : null,
});
await gateway.app.listen({ port: config.port, host: config.host });

const { demo } = gateway;
const lines = [
  '',
  `openimp is listening on ${config.publicUrl} (${db.driver}${db.driver === 'pglite' ? `, data in ${config.dataDir}` : ''})`,
  `  REST API docs:      ${config.publicUrl}/docs`,
  `  sandbox PGs:        ${sandbox ? `${sandboxUrl} (worker thread, books ${db.driver === 'pglite' ? `in ${join(config.dataDir, 'sandbox')}` : `in schema ${config.sandbox.schema}`})` : sandboxUrl ? `${sandboxUrl} (not started here)` : 'off'}`,
  `  merchant code:      ${demo.merchant.code}   (IMP.init("${demo.merchant.code}"))`,
];
// Secrets created at first start go to the terminal only when there is one; otherwise (a log) to a 0600 file.
const secrets = firstStartSecrets(demo, config.publicUrl);
if (secrets.length > 0 && process.stdout.isTTY) {
  lines.push(...secrets);
} else if (secrets.length > 0) {
  const file = writeFirstStartFile(config.dataDir, secrets);
  lines.push(`  imp_key/imp_secret, console sign-in: created now, written to ${file} (mode 0600, not to this log)`);
} else {
  lines.push('  imp_key/imp_secret: created at first start (use `npm run cli -- keys create` for a new pair)');
}
lines.push(`  demo shop:          ${config.publicUrl}/demo`);
if (config.allowPrivateUrls) {
  lines.push('  private URLs:       allowed: notice_url, webhook URL and confirm_url may reach localhost and private networks (OPENIMP_ALLOW_PRIVATE_URLS=0 refuses them)');
}
process.stdout.write(lines.join('\n') + '\n\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    gateway.close().then(() => sandbox?.close()).then(() => process.exit(0), () => process.exit(1));
  });
}
