/**
 * The one start routine: config -> storage -> gateway -> listen. `npm start` (main.ts), `npx openimp`
 * (bin.ts) and `startOpenimp()` (index.ts) all start openimp through `startServer`, so whatever it
 * starts, each of them starts.
 */
import type { Config } from './config.ts';
import { createGateway, type Gateway } from './gateway.ts';
import { createLogger, type Logger } from './logger.ts';
import { openDb } from './storage/open.ts';

export type Running = {
  config: Config;
  gateway: Gateway;
  driver: 'pglite' | 'postgres';
  /** Where it listens, as browsers and PGs reach it (the public URL). */
  url: string;
  close(): Promise<void>;
};

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Running> {
  const db = await openDb(config);
  let gateway: Gateway;
  try {
    gateway = await createGateway({ config, db, log });
  } catch (e) {
    await db.close();
    throw e;
  }
  try {
    await gateway.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await gateway.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return { config, gateway, driver: db.driver, url: config.publicUrl, close: () => (closing ??= gateway.close()) };
}

/** What `npm start` prints: where to go and, on the first start, the demo merchant's credentials. */
export function bannerOf(r: Running): string {
  const { config } = r;
  const { demo } = r.gateway;
  const lines = [
    '',
    `openimp is listening on ${config.publicUrl} (${r.driver}${r.driver === 'pglite' ? `, data in ${config.dataDir}` : ''})`,
    `  REST API docs:      ${config.publicUrl}/docs`,
    `  merchant code:      ${demo.merchant.code}   (IMP.init("${demo.merchant.code}"))`,
  ];
  if (demo.keys) {
    lines.push(`  imp_key:            ${demo.keys.imp_key}`, `  imp_secret:         ${demo.keys.imp_secret}   (shown once; stored hashed)`);
  } else {
    lines.push('  imp_key/imp_secret: created at first start (use `npm run cli -- keys create` for a new pair)');
  }
  if (demo.consoleUser) {
    lines.push(`  console:            ${config.publicUrl}/console   (${demo.consoleUser.email} / ${demo.consoleUser.password})`);
  }
  lines.push(`  demo shop:          ${config.publicUrl}/demo`);
  if (config.allowPrivateUrls) {
    lines.push('  private URLs:       allowed: notice_url, webhook URL and confirm_url may reach localhost and private networks (OPENIMP_ALLOW_PRIVATE_URLS=0 refuses them)');
  }
  return lines.join('\n') + '\n\n';
}

/** A process that serves until SIGINT/SIGTERM, printing the banner once it listens. */
export async function serveUntilSignal(config: Config): Promise<void> {
  const running = await startServer(config);
  process.stdout.write(bannerOf(running));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}
