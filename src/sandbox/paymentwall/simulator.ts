/**
 * A sandbox Paymentwall, written from Paymentwall's documentation (docs/pgs/paymentwall.md): the
 * widget (which charges by itself and reports by pingback), the Brick card form, Brick.js and its
 * token API (brick-js.ts, token-api.ts) and the Brick API (brick.ts), the Payment Status, Cancellation (refund ticket, answered by a negative pingback) and
 * Delivery Confirmation APIs. Every lookup and refund is authenticated as Paymentwall does it: a
 * signature with the project's secret key, or the private key in `X-ApiKey`.
 */
import { chosenOutcomes } from '../chosen-outcomes.ts';
import type { Provider } from '../../core/payment.ts';
import { sandboxBooks, type BookTx } from '../books.ts';
import { sandboxOperations } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, mountBase, pathBelowMount, randomDigits, randomHex, serialized,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { readBody, windowRoutes } from '../window-routes.ts';
import type { WindowAuth, WindowSession } from '../window-session.ts';
import { brickApi } from './brick.ts';
import { BRICK_JS_PATH, brickJs } from './brick-js.ts';
import { recordDelivery } from './delivery-api.ts';
import { brickErrors, brickKeyOwner, declineErrors, errorResponse, isSignedBy, majorOf, type BrickKeyKind } from './fake-protocol.ts';
import { pingbackQuery, sendPingback } from './pingback.ts';
import { corsHeaders, tokenApi } from './token-api.ts';
import { openBrickForm, openWidget } from './widget.ts';

const provider: Provider = 'paymentwall';
/** The demo project's secret key (a sandbox project registered without one). */
const DEMO_SECRET = 'pw_demo_secret';
/** How soon a refund ticket is answered by itself. */
const REFUND_DELAY_MS = 2_000;
const P = {
  widget: '/api/subscription', brickForm: '/brick/form', charge: '/api/brick/charge', status: '/api/rest/payment',
  ticket: '/developers/api/ticket', delivery: '/api/delivery', processRefunds: '/sandbox/refunds/process', token: '/api/brick/token',
} as const;

export function createPaymentwallSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const exclusive = serialized();
  const secretFor = (projectKey: string) => opts.merchantKey?.(provider, projectKey) ?? DEMO_SECRET;
  const brickField = (kind: BrickKeyKind) => (kind === 'priv' ? 'apiKey' : 'publicKey');
  const projectOf = (key: string, kind: BrickKeyKind): string | null => brickKeyOwner({
    ownerOf: (k, v) => opts.merchantWith?.(provider, brickField(k), v) ?? null,
    keyOf: (k, project) => opts.merchantCredentials?.(provider, project)?.[brickField(k)] ?? null,
  }, key, kind);
  const choices = opts.choices ?? chosenOutcomes();
  const common = { books, now, random, charges, exclusive, choices, timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS, newKey: () => `ptok_${randomHex(random, 16)}` };
  const widgetOps = sandboxOperations({ ...common, newTid: () => `b${randomDigits(random, 10)}` });
  const brickOps = sandboxOperations({ ...common, newTid: () => randomDigits(random, 9).replace(/^0/, '1') });
  const notify = opts.notify ?? fetch;
  const pingbackOf = (tx: BookTx, s: { uid: string; signVersion: string; test: boolean }, type: '0' | '2', reason?: string) =>
    pingbackQuery(tx, secretFor(tx.mid), { type, uid: s.uid, signVersion: s.signVersion, isTest: s.test, reason });

  /** The widget's result: a paid payment is reported by pingback, then the buyer goes to success_url with its ref. */
  async function afterWindow(s: WindowSession, a: WindowAuth): Promise<Record<string, string>> {
    if (s.extra.kind === 'brick') return afterBrickForm(s, a);
    const fail = (fields: Record<string, string>) => { s.returnUrl = s.extra.failureUrl!; return fields; };
    if (a.result === 'cancelled') return fail({ pw_sandbox_result: 'cancelled', message: 'The buyer closed the widget' });
    if (a.result === 'declined') return fail({ pw_sandbox_result: 'declined', error_code: String(brickErrors.declined[0]), message: a.message });
    const approval = await widgetOps.approveWindow(s, () => false);
    if (approval.kind === 'garbage') return fail({ pw_sandbox_result: 'declined', error_code: String(brickErrors.internal[0]), message: `(PG사 결제 장애) ${brickErrors.internal[1]}` });
    if (approval.kind === 'invalid') return fail({ pw_sandbox_result: 'declined', error_code: String(brickErrors.badCard[0]), message: brickErrors.badCard[1] });
    if (approval.kind === 'declined') {
      const [code, message] = brickErrors[declineErrors[approval.reason] ?? 'declined'];
      return fail({ pw_sandbox_result: 'declined', error_code: String(code), message });
    }
    if (approval.kind !== 'paid') return fail({ pw_sandbox_result: 'declined', error_code: String(brickErrors.declined[0]), message: brickErrors.declined[1] });
    const tx = approval.tx;
    const q = pingbackOf(tx, { uid: s.extra.uid!, signVersion: s.extra.signVersion!, test: s.extra.testMethod === '1' }, '0');
    if (approval.delayMs > 0) setTimeout(() => void sendPingback(notify, tx.notifyUrl!, q), approval.delayMs).unref();
    else await sendPingback(notify, tx.notifyUrl!, q);
    s.returnUrl = s.extra.successUrl!.replace('$ref', encodeURIComponent(tx.tid));
    return {};
  }

  /** The card form: the card becomes a one-time token the merchant's server charges (brick.ts). */
  async function afterBrickForm(s: WindowSession, a: WindowAuth): Promise<Record<string, string>> {
    if (a.result === 'cancelled') return { pw_sandbox_result: 'cancelled', message: 'The buyer closed the card form' };
    if (a.result === 'declined') return { pw_sandbox_result: 'declined', error_code: String(brickErrors.declined[0]), message: a.message };
    const token = `ot_${randomHex(random, 16)}`;
    await store.set(`one-time:${token}`, s.id);
    return {
      brick_token: token, brick_fingerprint: randomHex(random, 16), email: s.extra.email!, description: s.extra.description!,
      'customer[firstname]': s.extra.firstname!, 'customer[lastname]': s.extra.lastname!,
    };
  }

  const win = windowRoutes({
    brand: { name: 'Paymentwall', color: '#3a3f51' }, store, now, random, vbankHolder: 'Paymentwall',
    paths: { pay: P.widget, deposit: '/no-vbank', also: [P.brickForm] },
    open: (q, path) => (path === P.brickForm ? openBrickForm(q, projectOf) : openWidget(q, secretFor, (project) => opts.merchantNotifyUrl?.(provider, project) ?? null)),
    returnMethod: 'GET',
    returnFields: afterWindow,
  });

  const tokens = tokenApi({ store, random, now, projectOf });
  const brick = brickApi({
    books, ops: brickOps, now, projectOf, apiToken: (token) => tokens.find(token),
    async oneTimeToken(token) {
      const sid = token.startsWith('ot_') ? await store.get<string>(`one-time:${token}`) : undefined;
      return sid ? ((await win.sessions.get(sid)) ?? null) : null;
    },
  });

  /** Signed with the project's secret key (key + sign_version + sign), or null. */
  const signedProject = (f: URLSearchParams): string | null => {
    const p = Object.fromEntries(f);
    return p.key && isSignedBy(p, secretFor(p.key)) ? p.key : null;
  };

  async function paymentStatus(f: URLSearchParams): Promise<Response> {
    const key = signedProject(f);
    if (key === null) return errorResponse('permission');
    const tx = f.get('ref') ? await books.findTx(f.get('ref')!) : await books.findOrder(key, f.get('ag_external_id') ?? '');
    // Declined attempts are not payments: Paymentwall lists only what was paid.
    if (!tx || tx.mid !== key || tx.state !== 'paid') return errorResponse('chargeNotFound');
    return Response.json({
      object: 'payment', id: tx.tid, created: tx.at, amount: majorOf(tx.amount, tx.currency), currency: tx.currency,
      refunded: tx.remain === 0, risk: 'approved', uid: tx.orderId, product_id: tx.orderId, payment_system: tx.wallet ?? (tx.tid.startsWith('b') ? 'cc' : 'gateway'),
    });
  }

  async function ticket(f: URLSearchParams): Promise<Response> {
    const key = signedProject(f);
    if (key === null) return Response.json({ result: 0, code: brickErrors.permission[0], error: brickErrors.permission[1] });
    if (f.get('type') !== '1' || !f.get('message')) return Response.json({ result: 0, code: brickErrors.required[0], error: 'type 1 (refund) and message are required' });
    const tx = await books.findTx(f.get('ref') ?? '');
    if (!tx || tx.mid !== key || !tx.tid.startsWith('b')) return Response.json({ result: 0, code: brickErrors.chargeNotFound[0], error: brickErrors.chargeNotFound[1] });
    const r = await widgetOps.cancel(key, { tid: tx.tid }, tx.remain, 0, { pending: true });
    if (r.kind === 'refused') return Response.json({ result: 0, code: brickErrors.cannotRefund[0], error: brickErrors.cannotRefund[1] });
    await exclusive(async () => store.set('refunds-pending', [...((await store.get<string[]>('refunds-pending')) ?? []), tx.tid]));
    // A store closed by then (a test's gateway) leaves the ticket unanswered, as a PG outage would.
    setTimeout(() => void processRefunds().catch(() => undefined), REFUND_DELAY_MS).unref();
    return Response.json({ result: 1 });
  }

  /** Answers refund tickets: the refund is done and reported with a negative pingback (reason 9, refund). */
  async function processRefunds(): Promise<number> {
    const due = await exclusive(async () => {
      const pending = (await store.get<string[]>('refunds-pending')) ?? [];
      await store.set('refunds-pending', []);
      const out: BookTx[] = [];
      for (const tid of pending) {
        const tx = await books.findTx(tid);
        if (!tx) continue;
        for (const c of tx.cancels) if (c.state === 'pending') c.state = 'done';
        await books.updateTx(tx);
        out.push(tx);
      }
      return out;
    });
    for (const tx of due) await sendPingback(notify, tx.notifyUrl!, pingbackOf(tx, { uid: tx.orderId, signVersion: '3', test: true }, '2', '9'));
    return due.length;
  }

  async function route(req: Request): Promise<Response> {
    const path = pathBelowMount(req.url, provider);
    const page = await win.route(req, path, mountBase(req.url, provider));
    if (page) return page;
    if (req.method === 'GET' && path === BRICK_JS_PATH) return new Response(brickJs, { headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-cache' } });
    if (req.method === 'OPTIONS' && path === P.token) return new Response(null, { status: 204, headers: corsHeaders });
    if (req.method === 'POST' && path === P.token) return tokens.create(await readBody(req));
    const m = /^\/api\/brick\/charge\/([^/]+)(\/refund)?$/.exec(path);
    if (req.method === 'POST' && path === P.charge) return brick.charge(req, await readBody(req));
    if (req.method === 'POST' && m?.[2]) return brick.refund(req, decodeURIComponent(m[1]!));
    if (req.method === 'GET' && m && !m[2]) return brick.get(req, decodeURIComponent(m[1]!));
    if (req.method === 'GET' && path === P.status) return paymentStatus(new URL(req.url).searchParams);
    if (req.method === 'POST' && path === P.ticket) return ticket(await readBody(req));
    if (req.method === 'POST' && path === P.delivery) return recordDelivery(req, await readBody(req), { books, store, secretFor });
    if (req.method === 'POST' && path === P.processRefunds) return Response.json({ answered: await processRefunds() });
    return errorResponse('chargeNotFound');
  }

  return {
    provider,
    choices,
    async handle(req) {
      try {
        return await route(req);
      } catch {
        return new Response('Internal Server Error', { status: 500 });
      }
    },
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
  };
}
