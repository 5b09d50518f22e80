/**
 * The gateway's client of the fake PGs' controls (src/sandbox/README.md): over HTTP with the admin
 * token, like any PG call; the fake PGs' code is never imported. A control that fails throws, with
 * the path only in the message (never the token).
 */
import type { Credentials } from '../core/channel.ts';
import type { Provider } from '../core/payment.ts';
import type { CardOutcome } from '../core/sandbox-outcome.ts';

export type SandboxControls = {
  /** Where the fake PGs are served: a connector's base URL for a sandbox channel is `{url}/{provider}`. */
  url: string;
  /**
   * The fake PG learns a merchant (MID / project key), every credential it shares with it and, for PGs
   * that take one URL per merchant in their admin (KICC, Paymentwall), where it wants notifications (null: none).
   */
  registerMerchant(provider: Provider, pgId: string, credentials: Credentials, notifyUrl?: string | null): Promise<void>;
  /** How many times the fake PG charged an order (a witness for tests and operators). */
  approvedCharges(provider: Provider, orderId: string): Promise<number>;
  /**
   * The buyer pays a virtual account the fake PG issued (tid = its transaction id) the amount it was
   * issued for; the fake PG then sends its deposit notification to the gateway.
   */
  depositVbank(provider: Provider, pgTid: string, opts: { depositorName: string }): Promise<VbankDeposit>;
  /**
   * A chosen outcome: the merchant's next `count` charges at the fake PG (or, with `orderId` = the PG's
   * order number, that order's) get `outcome` instead of the card's fate. Replaces an earlier choice for the same target.
   */
  chooseOutcome(provider: Provider, pgId: string, choice: { outcome: CardOutcome; count: number; orderId?: string | null }): Promise<ChosenOutcome>;
  /** What is still chosen for a merchant's next charges. */
  chosenOutcomes(provider: Provider, pgId: string): Promise<ChosenOutcome[]>;
  /** Forgets every choice for a merchant; how many there were. */
  clearOutcomes(provider: Provider, pgId: string): Promise<number>;
  /** A slow PG: the fake PG holds back each answer to an API call by `delayMs` (0 = answers at once). Every merchant of that fake PG sees it. */
  setBehaviour(provider: Provider, behaviour: PgBehaviour): Promise<PgBehaviour>;
  behaviour(provider: Provider): Promise<PgBehaviour>;
};

export type PgBehaviour = { delayMs: number };
/** A choice as the fake PG keeps it: its order (null = any of the merchant's), its outcome and how many charges it still covers. */
export type ChosenOutcome = { orderId: string | null; outcome: CardOutcome; remaining: number };
type ChoiceWire = { orderId: string | null; kind: string; reason: string | null; remaining: number };
const choiceOf = (c: ChoiceWire): ChosenOutcome => ({
  orderId: c.orderId, remaining: c.remaining, outcome: (c.kind === 'decline' ? { kind: 'decline', reason: c.reason } : { kind: c.kind }) as CardOutcome,
});

/** The deposit control's answer: done (and whether the notification reached the gateway), or refused with the fake PG's reason. */
export type VbankDeposit = { kind: 'deposited'; notified: boolean; notifyStatus: number | null } | { kind: 'refused'; message: string };

export function sandboxControls(opts: { url: string; adminToken: string; fetch?: typeof fetch; timeoutMs?: number }): SandboxControls {
  const send = opts.fetch ?? fetch;
  const base = opts.url.replace(/\/$/, '');
  /** `answers`: statuses besides 200 whose body is the control's answer (409 = refused). */
  async function call<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown, answers: readonly number[] = []): Promise<T> {
    let res: Response;
    try {
      res = await send(`${base}/_control${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new Error(`sandbox control ${method} ${path} unreachable: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
    const text = await res.text();
    if (res.status !== 200 && !answers.includes(res.status)) throw new Error(`sandbox control ${method} ${path} answered HTTP ${res.status}`);
    return JSON.parse(text) as T;
  }
  const seg = encodeURIComponent;
  return {
    url: base,
    async registerMerchant(provider, pgId, credentials, notifyUrl = null) {
      await call('PUT', `/${provider}/merchants/${seg(pgId)}`, { ...credentials, notifyUrl });
    },
    async depositVbank(provider, pgTid, o) {
      const r = await call<{ kind?: string; error?: string; notified?: boolean; notifyStatus?: number | null }>(
        'POST', `/${provider}/vbanks/${seg(pgTid)}/deposit`, { depositorName: o.depositorName }, [409],
      );
      if (r.kind === 'deposited') return { kind: 'deposited', notified: r.notified === true, notifyStatus: r.notifyStatus ?? null };
      return { kind: 'refused', message: typeof r.error === 'string' ? r.error : 'refused' };
    },
    async chooseOutcome(provider, pgId, c) {
      const o = c.outcome;
      const body = { kind: o.kind, reason: o.kind === 'decline' ? o.reason : null, count: c.count, orderId: c.orderId ?? null };
      return choiceOf(await call<ChoiceWire>('PUT', `/${provider}/outcomes/${seg(pgId)}`, body));
    },
    async chosenOutcomes(provider, pgId) {
      return (await call<{ outcomes: ChoiceWire[] }>('GET', `/${provider}/outcomes/${seg(pgId)}`)).outcomes.map(choiceOf);
    },
    async clearOutcomes(provider, pgId) {
      return (await call<{ cleared: number }>('DELETE', `/${provider}/outcomes/${seg(pgId)}`)).cleared;
    },
    async setBehaviour(provider, b) {
      return call<PgBehaviour>('PUT', `/${provider}/behaviour`, { delayMs: b.delayMs });
    },
    async behaviour(provider) {
      return call<PgBehaviour>('GET', `/${provider}/behaviour`);
    },
    async approvedCharges(provider, orderId) {
      return (await call<{ approved: number }>('GET', `/${provider}/charges/${seg(orderId)}`)).approved;
    },
  };
}
