/**
 * The sandbox Brick API (apis#section-brick-charge…): charges of a one-time token (from the sandbox
 * card form, or from the token API the sandbox Brick.js calls, token-api.ts; stored as a permanent
 * token with `store_card`, the default) or of a permanent token, refunds, and lookups, each
 * authenticated by the project's private key in `X-ApiKey`.
 */
import type { BookTx, SandboxBooks } from '../books.ts';
import type { SandboxOperations, WindowApproval } from '../operations.ts';
import { sleep } from '../simulator.ts';
import type { WindowSession } from '../window-session.ts';
import { declineErrors, errorResponse, majorOf, minorOf, type BrickKeyKind } from './fake-protocol.ts';
import type { ApiToken } from './token-api.ts';

export type BrickDeps = {
  books: SandboxBooks;
  ops: SandboxOperations;
  now: () => number;
  /** The project a Brick key belongs to (fake-protocol.ts `brickKeyOwner`), null when none. */
  projectOf(key: string, kind: BrickKeyKind): string | null;
  /** The card form session a one-time token stands for, if it is one. */
  oneTimeToken(token: string): Promise<WindowSession | null>;
  /** The card a token of the token API stands for, while it is valid. */
  apiToken(token: string): Promise<ApiToken | null>;
};

type Money = { minor: number; currency: string };

/** A token API card charged as a card window of this charge request: once per token (a repeat answers the first charge). */
function tokenSession(t: ApiToken, token: string, f: URLSearchParams, money: Money): WindowSession {
  return {
    id: `brick-token:${token}`, createdAt: t.createdAt, tid: null, provider: 'paymentwall', mid: t.project, orderId: f.get('plan')!,
    amount: money.minor, currency: money.currency as WindowSession['currency'], taxFree: 0, name: f.get('description') ?? '',
    buyer: { name: `${f.get('customer[firstname]') ?? ''} ${f.get('customer[lastname]') ?? ''}`.trim(), email: f.get('email')!, tel: '' },
    methods: ['card'], billing: f.get('store_card') !== '0', amountNote: null, cardCodes: null, directQuota: null, quotas: [], vbankDue: null,
    returnUrl: '', notifyUrl: '', extra: { kind: 'brick' },
    auth: { result: 'authenticated', method: 'card', card: t.card, bank: null, phone: null, vbank: null, wallet: null, delayMs: 0 },
  };
}

type Form = URLSearchParams;

export function chargeObject(tx: BookTx, permanentToken: string | null): Record<string, unknown> {
  return {
    object: 'charge', id: tx.tid, amount: majorOf(tx.amount, tx.currency), amount_paid: majorOf(tx.amount, tx.currency), currency: tx.currency,
    currency_paid: tx.currency, created: tx.at, captured: true, refunded: tx.remain === 0, risk: 'approved', secure: false,
    card: { last4: (tx.card?.number ?? '').replace(/\D/g, '').slice(-4), type: tx.card?.name ?? 'Visa', ...(permanentToken ? { token: permanentToken } : {}) },
  };
}

/** The project whose private key this is, or the 401 Brick answers. */
export function brickProject(req: Request, projectOf: BrickDeps['projectOf']): string | Response {
  const key = req.headers.get('x-apikey');
  if (!key) return errorResponse('noApiKey');
  return projectOf(key, 'priv') ?? errorResponse('badApiKey');
}

const declined = (c: Extract<WindowApproval, { kind: 'declined' }> | { reason: string }) => errorResponse(declineErrors[c.reason] ?? 'declined');
const garbage = () => new Response('<html>500 Internal Server Error\u0000</html>', { status: 500, headers: { 'content-type': 'text/html' } });

export function brickApi(d: BrickDeps) {
  async function chargeOneTime(project: string, s: WindowSession, f: Form, money: Money): Promise<Response> {
    if (s.mid !== project || !s.auth) return errorResponse('oneTimeInvalid');
    if (money.minor !== s.amount || money.currency !== s.currency) return errorResponse('wrongAmount');
    // The order is the charge's `plan` (sent back as goodsid); repeating the same token answers its first charge.
    const a = await d.ops.approveWindow({ ...s, orderId: f.get('plan')! }, () => true);
    if (a.kind === 'garbage') return garbage();
    if (a.kind === 'invalid' || (a.kind === 'key_refused' && a.reason === 'invalid')) return errorResponse('badCard');
    if (a.kind === 'key_refused') return declined(a);
    const c = a.kind === 'key' ? a.charge : a.kind === 'paid' || a.kind === 'declined' ? a : null;
    if (!c) return errorResponse('oneTimeInvalid');
    if (c.delayMs > 0) await sleep(c.delayMs);
    if (c.kind === 'declined') return declined(c);
    return Response.json(chargeObject(c.tx, a.kind === 'key' && f.get('store_card') !== '0' ? a.key.key : null));
  }

  async function charge(req: Request, f: Form): Promise<Response> {
    const project = brickProject(req, d.projectOf);
    if (project instanceof Response) return project;
    const money = minorOf(f.get('amount'), f.get('currency'));
    if (!money || money.minor <= 0 || !f.get('token') || !f.get('email') || !f.get('plan')) return errorResponse('required');
    const token = f.get('token')!;
    const s = await d.oneTimeToken(token);
    if (s) return chargeOneTime(project, s, f, money);
    const t = await d.apiToken(token);
    if (t) return chargeOneTime(project, tokenSession(t, token, f, money), f, money);
    // A one-time token that is unknown here or older than its 5 minutes.
    if (token.startsWith('ot_')) return errorResponse('oneTimeInvalid');
    // Without a Brick.js fingerprint the end user's browser_ip is required (apis#section-brick-charge).
    if (!f.get('fingerprint') && !f.get('browser_ip')) return errorResponse('required');
    const email = f.get('email')!;
    const r = await d.ops.chargeKey(
      { mid: project, orderId: f.get('plan')!, amount: money.minor, currency: money.currency, taxFree: 0, buyerEmail: email, key: token, quota: 0 },
      // A permanent token charges only with the email it was stored with (SEED 004).
      (k) => (k.buyerEmail === email ? null : 'email'),
    );
    if (r.kind === 'garbage') return garbage();
    if (r.kind === 'duplicate') return errorResponse('duplicate');
    if (r.kind === 'unknown_key') return errorResponse('tokenNotFound');
    if (r.kind === 'refused') return errorResponse('permission');
    if (r.kind === 'invalid') return errorResponse('badCard');
    if (r.delayMs > 0) await sleep(r.delayMs);
    if (r.kind === 'declined') return declined(r);
    return Response.json(chargeObject(r.tx, null));
  }

  async function ownCharge(req: Request, id: string): Promise<BookTx | Response> {
    const project = brickProject(req, d.projectOf);
    if (project instanceof Response) return project;
    const tx = await d.books.findTx(id);
    // Brick charge ids are digits; widget payments (refs "b…") are not Brick charges.
    return tx && tx.mid === project && /^\d+$/.test(tx.tid) ? tx : errorResponse('chargeNotFound');
  }

  async function refund(req: Request, id: string): Promise<Response> {
    const tx = await ownCharge(req, id);
    if (tx instanceof Response) return tx;
    const r = await d.ops.cancel(tx.mid, { tid: tx.tid }, tx.remain, 0);
    if (r.kind === 'refused') return errorResponse(r.why === 'nothing_left' ? 'refunded' : 'cannotRefund');
    return Response.json(chargeObject(r.tx, null));
  }

  async function get(req: Request, id: string): Promise<Response> {
    const tx = await ownCharge(req, id);
    return tx instanceof Response ? tx : Response.json(chargeObject(tx, null));
  }

  return { charge, refund, get };
}
