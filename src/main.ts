/** `npm start`: config -> storage -> gateway -> listen. Prints the demo merchant on first start (secrets: first-start.ts). */
import { loadConfig } from './config.ts';
import { firstStartSecrets, writeFirstStartFile } from './first-start.ts';
import { createGateway } from './gateway.ts';
import { createLogger } from './logger.ts';
import { openDb } from './storage/open.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);
const db = await openDb(config);
const gateway = await createGateway({ config, db, log });
await gateway.app.listen({ port: config.port, host: config.host });

const { demo } = gateway;
const lines = [
  '',
  `openimp is listening on ${config.publicUrl} (${db.driver}${db.driver === 'pglite' ? `, data in ${config.dataDir}` : ''})`,
  `  REST API docs:      ${config.publicUrl}/docs`,
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
    gateway.close().then(() => process.exit(0), () => process.exit(1));
  });
}
