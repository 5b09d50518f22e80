/**
 * The fake PGs as one HTTP application: each PG under its own prefix with its paths beneath
 * (`/jtnet/api/v1/refunds`, `/paymentwall/api/subscription`, ...), and the operator's controls under
 * `/_control/` (controls.ts), which answer only to `Authorization: Bearer {admin token}`
 * (src/sandbox/README.md). The PG-neutral controls act here: a PG's chosen outcomes are in reach of
 * every charge it decides while it answers, and a slow PG's answers to API calls are held back.
 */
import { isProvider, providers, type Provider } from '../core/payment.ts';
import { runControl, type Behaviour } from './controls.ts';
import type { RawCall } from './contract.ts';
import type { Handler } from './http-server.ts';
import type { MerchantRegistry } from './merchants.ts';
import { sameSecret, sleep, type SandboxSimulator } from './simulator.ts';

export type SandboxAppOptions = {
  simulators: Record<Provider, SandboxSimulator>;
  merchants: MerchantRegistry;
  /** The bearer token the controls require; null = controls are off. */
  adminToken: string | null;
};

export type SandboxApp = Required<Handler>;

const json = (status: number, body: unknown): Response => Response.json(body, { status });

const perProvider = <T>(make: () => T): Record<Provider, T> => Object.fromEntries(providers.map((p) => [p, make()])) as Record<Provider, T>;

/** A browser opening a page (a payment window) is not an API call: a slow PG holds back only the latter. */
const isNavigation = (req: Request): boolean => req.headers.get('sec-fetch-mode') === 'navigate';

export function sandboxApp(opts: SandboxAppOptions): SandboxApp {
  const state = {
    simulators: opts.simulators,
    merchants: opts.merchants,
    choices: Object.fromEntries(providers.map((p) => [p, opts.simulators[p].choices])) as Record<Provider, SandboxSimulator['choices']>,
    behaviour: perProvider<Behaviour>(() => ({ delayMs: 0 })),
  };

  async function control(req: Request, rest: string[]): Promise<Response> {
    const auth = req.headers.get('authorization') ?? '';
    if (opts.adminToken === null || !auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), opts.adminToken)) {
      return json(401, { error: 'sandbox controls need the admin token' });
    }
    const [provider, ...below] = rest;
    if (!isProvider(provider)) return json(404, { error: 'unknown PG' });
    let decoded: string[];
    try { decoded = below.map(decodeURIComponent); } catch { return json(400, { error: 'bad path' }); }
    return runControl(state, provider, req, decoded);
  }

  /** A fake PG's answer inside its chosen outcomes; a slow PG did its work (a charge is on its books), but the answer arrives late. */
  async function pg<T>(provider: Provider, navigation: boolean, run: () => Promise<T>): Promise<T> {
    const res = await run();
    const { delayMs } = state.behaviour[provider];
    if (res !== null && delayMs > 0 && !navigation) await sleep(delayMs);
    return res;
  }

  return {
    async handle(req) {
      const segments = new URL(req.url).pathname.split('/').filter((s) => s !== '');
      const [first, ...rest] = segments;
      if (first === '_control') return control(req, rest);
      if (isProvider(first)) return pg(first, isNavigation(req), () => state.simulators[first].handle(req));
      return json(404, { error: 'unknown sandbox PG' });
    },
    /** A fake PG's hot calls (its `raw`); the controls and everything else go through `handle`. */
    async raw(call: RawCall) {
      const first = call.path.split('/', 2)[1];
      if (!isProvider(first)) return null;
      const sim = state.simulators[first];
      if (!sim.raw) return null;
      return pg(first, call.headers['sec-fetch-mode'] === 'navigate', () => sim.raw!(call));
    },
  };
}
