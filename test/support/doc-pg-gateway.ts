/**
 * An openimp whose PG host for one provider is a recording server answered by a documentation-written PG
 * (test/support/doc-pg-*.ts): what `OPENIMP_<PG>_URL` does for a test-mode channel.
 */
import type { Provider } from '../../src/core/payment.ts';
import type { Driver } from './db.ts';
import { DEMO, startGateway, type TestGateway } from './gateway.ts';
import { startRecordingPg, type Recorded, type RecordingPg } from './recording-pg.ts';

export async function startAgainstDocPg(driver: Driver, provider: Provider, relay: (r: Recorded) => Promise<Response>, notifyIps: string[] | null = null): Promise<{ gw: TestGateway; rec: RecordingPg }> {
  const rec = await startRecordingPg();
  rec.relay = relay;
  const gw = await startGateway(driver, {
    demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
    publicUrl: 'https://pay.example.com',
    pgOverrides: (p) => ({ url: p === provider ? rec.url : null, notifyIps: p === provider ? notifyIps : null }),
  });
  return { gw, rec };
}

/** The body of the last request openimp sent to `path`, parsed (JSON or a form). */
export function lastSent(rec: RecordingPg, path: string): Record<string, any> {
  const r = rec.received.filter((x) => new URL(x.url, rec.url).pathname === path).at(-1);
  if (!r) throw new Error(`nothing was sent to ${path}`);
  return r.body.startsWith('{') ? JSON.parse(r.body) : Object.fromEntries(new URLSearchParams(r.body));
}
