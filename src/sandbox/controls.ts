/**
 * The operator's controls of the fake PGs (`/_control/{pg}/...`, src/sandbox/README.md), PG-neutral:
 * merchants, the charge witness, vbank deposits, a chosen outcome for next charges, and a slow PG.
 * The sandbox server (server.ts) checks the admin token before any of these runs.
 */
import type { Provider } from '../core/payment.ts';
import { MAX_DELAY_MS, readCount, readOutcome } from '../core/sandbox-outcome.ts';
import type { Choice, ChosenOutcomes } from './chosen-outcomes.ts';
import { readCredentials, readNotifyUrl, type MerchantRegistry } from './merchants.ts';
import type { SandboxSimulator } from './simulator.ts';
import { depositRefusal } from './vbank-issue.ts';

/** How a fake PG behaves as a whole: `delayMs` holds back each answer to an API call (a slow PG). */
export type Behaviour = { delayMs: number };

export type ControlState = {
  simulators: Record<Provider, SandboxSimulator>;
  merchants: MerchantRegistry;
  choices: Record<Provider, ChosenOutcomes>;
  behaviour: Record<Provider, Behaviour>;
};

const json = (status: number, body: unknown): Response => Response.json(body, { status });

async function bodyOf(req: Request): Promise<Record<string, unknown> | Response> {
  try {
    const b: unknown = await req.json();
    if (b !== null && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
  } catch { /* answered below */ }
  return json(400, { error: 'body must be a JSON object' });
}

const choiceView = (c: Choice) => ({ orderId: c.orderId, kind: c.outcome.kind, reason: c.outcome.kind === 'decline' ? c.outcome.reason : null, remaining: c.remaining });

/** One control request below `/_control/` (`rest` = its path segments after the prefix, decoded). */
export async function runControl(s: ControlState, provider: Provider, req: Request, rest: string[]): Promise<Response> {
  const [what, id, action] = rest;
  const m = req.method;
  // PUT /_control/{pg}/merchants/{pgId} {secret, apiKey, ..., notifyUrl?}: the PG learns a merchant's keys (and where it
  // wants notifications), as at a real PG's onboarding.
  if (what === 'merchants' && id !== undefined && m === 'PUT') {
    const body = await bodyOf(req);
    if (body instanceof Response) return body;
    const credentials = readCredentials(body);
    if (typeof credentials === 'string') return json(400, { error: credentials });
    const notify = readNotifyUrl(body);
    if (typeof notify === 'string') return json(400, { error: notify });
    await s.merchants.register(provider, id, credentials, notify.url);
    return json(200, { registered: true });
  }
  // GET /_control/{pg}/charges/{orderId}: how many times the PG charged an order (a witness for tests and operators).
  if (what === 'charges' && id !== undefined && m === 'GET') return json(200, { orderId: id, approved: s.simulators[provider].approvedCharges(id) });
  // POST /_control/{pg}/vbanks/{tid}/deposit {depositorName?}: the buyer pays an issued account its amount; the PG notifies the merchant.
  if (what === 'vbanks' && id !== undefined && action === 'deposit' && m === 'POST') return deposit(s.simulators[provider], id, req);
  // /_control/{pg}/outcomes/{pgId}: the fate of the merchant's (or one order's) next charges.
  if (what === 'outcomes' && id !== undefined && action === undefined) return outcomes(s.choices[provider], id, req);
  // /_control/{pg}/behaviour {delayMs}: a slow PG.
  if (what === 'behaviour' && id === undefined) return behaviour(s.behaviour, provider, req);
  if (what === 'stats' && m === 'GET') return json(200, s.simulators[provider].stats());
  return json(404, { error: 'unknown control' });
}

async function deposit(sim: SandboxSimulator, tid: string, req: Request): Promise<Response> {
  if (!sim.depositVbank) return json(404, { error: 'this PG has no virtual accounts' });
  const body = await bodyOf(req);
  if (body instanceof Response) return body;
  const name = body.depositorName ?? '';
  if (typeof name !== 'string') return json(400, { error: 'depositorName must be a string' });
  // A virtual account takes exactly its amount (vbank-issue.ts): a deposit of another amount is refused, not taken.
  if (body.amount !== undefined && body.amount !== null) return json(400, { error: 'amount is not taken: a virtual account is paid exactly the amount it was issued for' });
  const r = await sim.depositVbank(tid, { depositorName: name });
  if (r.kind === 'refused') return json(409, { error: depositRefusal[r.why], why: r.why });
  return json(200, r);
}

async function outcomes(choices: ChosenOutcomes, pgId: string, req: Request): Promise<Response> {
  if (req.method === 'GET') return json(200, { pgId, outcomes: choices.list(pgId).map(choiceView) });
  if (req.method === 'DELETE') return json(200, { pgId, cleared: choices.clear(pgId) });
  if (req.method !== 'PUT') return json(404, { error: 'unknown control' });
  const body = await bodyOf(req);
  if (body instanceof Response) return body;
  const outcome = readOutcome(body.kind, body.reason);
  if (typeof outcome === 'string') return json(400, { error: outcome });
  const count = readCount(body.count);
  if (typeof count === 'string') return json(400, { error: count });
  const orderId = body.orderId ?? null;
  if (orderId !== null && (typeof orderId !== 'string' || orderId === '')) return json(400, { error: 'orderId must be a non-empty string or null' });
  return json(200, { pgId, ...choiceView(choices.choose(pgId, orderId, outcome, count)) });
}

async function behaviour(all: Record<Provider, Behaviour>, provider: Provider, req: Request): Promise<Response> {
  if (req.method === 'GET') return json(200, all[provider]);
  if (req.method !== 'PUT') return json(404, { error: 'unknown control' });
  const body = await bodyOf(req);
  if (body instanceof Response) return body;
  const d = body.delayMs;
  if (!Number.isSafeInteger(d) || (d as number) < 0 || (d as number) > MAX_DELAY_MS) return json(400, { error: `delayMs must be an integer from 0 to ${MAX_DELAY_MS}` });
  all[provider] = { delayMs: d as number };
  return json(200, all[provider]);
}
