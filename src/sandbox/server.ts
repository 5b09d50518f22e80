/**
 * The fake PGs as one HTTP application: each PG under its own prefix with its paths beneath
 * (`/jtnet/api/v1/refunds`, `/paymentwall/api/subscription`, ...), and the operator's controls under
 * `/_control/`, which answer only to `Authorization: Bearer {admin token}` (src/sandbox/README.md).
 */
import { isProvider, type Provider } from '../core/payment.ts';
import { readCredentials, type MerchantRegistry } from './merchants.ts';
import { sameSecret, type SandboxSimulator } from './simulator.ts';
import { depositRefusal } from './vbank-issue.ts';

export type SandboxAppOptions = {
  simulators: Record<Provider, SandboxSimulator>;
  merchants: MerchantRegistry;
  /** The bearer token the controls require; null = controls are off. */
  adminToken: string | null;
};

export type SandboxApp = { handle(req: Request): Promise<Response> };

const json = (status: number, body: unknown): Response => Response.json(body, { status });


export function sandboxApp(opts: SandboxAppOptions): SandboxApp {
  const { simulators, merchants } = opts;

  async function control(req: Request, rest: string[]): Promise<Response> {
    const auth = req.headers.get('authorization') ?? '';
    if (opts.adminToken === null || !auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), opts.adminToken)) {
      return json(401, { error: 'sandbox controls need the admin token' });
    }
    const [provider, what, id, action] = rest;
    if (!isProvider(provider)) return json(404, { error: 'unknown PG' });
    // PUT /_control/{pg}/merchants/{pgId} {secret, apiKey, ...}: the PG learns a merchant's keys, as at a real PG's onboarding.
    if (what === 'merchants' && id !== undefined && req.method === 'PUT') {
      let body: unknown;
      try { body = await req.json(); } catch { return json(400, { error: 'body must be JSON' }); }
      const credentials = readCredentials(body);
      if (typeof credentials === 'string') return json(400, { error: credentials });
      await merchants.register(provider, decodeURIComponent(id), credentials);
      return json(200, { registered: true });
    }
    // GET /_control/{pg}/charges/{orderId}: how many times the PG charged an order (a witness for tests and operators).
    if (what === 'charges' && id !== undefined && req.method === 'GET') {
      return json(200, { orderId: decodeURIComponent(id), approved: simulators[provider].approvedCharges(decodeURIComponent(id)) });
    }
    // POST /_control/{pg}/vbanks/{tid}/deposit {depositorName?, amount?}: the buyer pays an issued account; the PG notifies the merchant.
    if (what === 'vbanks' && id !== undefined && action === 'deposit' && req.method === 'POST') return deposit(provider, decodeURIComponent(id), req);
    if (what === 'stats' && req.method === 'GET') return json(200, simulators[provider].stats());
    return json(404, { error: 'unknown control' });
  }

  async function deposit(provider: Provider, tid: string, req: Request): Promise<Response> {
    const sim = simulators[provider];
    if (!sim.depositVbank) return json(404, { error: 'this PG has no virtual accounts' });
    let body: { depositorName?: unknown; amount?: unknown } | null;
    try { body = (await req.json()) as typeof body; } catch { return json(400, { error: 'body must be JSON' }); }
    const name = body?.depositorName ?? '';
    const amount = body?.amount ?? null;
    if (typeof name !== 'string' || (amount !== null && typeof amount !== 'number')) return json(400, { error: 'depositorName must be a string, amount an integer or null' });
    const r = await sim.depositVbank(tid, { depositorName: name, amount });
    if (r.kind === 'refused') return json(409, { error: depositRefusal[r.why], why: r.why });
    return json(200, r);
  }

  return {
    async handle(req) {
      const segments = new URL(req.url).pathname.split('/').filter((s) => s !== '');
      const [first, ...rest] = segments;
      if (first === '_control') return control(req, rest);
      if (isProvider(first)) return simulators[first].handle(req);
      return json(404, { error: 'unknown sandbox PG' });
    },
  };
}
