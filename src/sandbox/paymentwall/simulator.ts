/**
 * A sandbox Paymentwall: the widget (shared sandbox window, methods per widget.ts), which charges by
 * itself and reports by pingback; Brick-style charges of stored card tokens (same email, browser_ip
 * required); refunds that open a ticket and are answered by a type-2 pingback shortly after (or at
 * once through `POST {base}/sandbox/refunds/process`); and a payment status lookup.
 */
import { isCurrency } from '../../core/money.ts';
import type { Provider } from '../../core/payment.ts';
import { sandboxBooks, type BookTx } from '../books.ts';
import { sandboxOperations, type WindowApproval } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, mountBase, pathBelowMount, randomDigits, randomHex, serialized, sleep,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { readBody, windowRoutes } from '../window-routes.ts';
import type { WindowAuth, WindowSession } from '../window-session.ts';
import { fromWireDecimal, toWireDecimal } from '../../core/wire-decimal.ts';
import { pingbackFields, sendPingback } from './pingback.ts';
import { pwWidget } from './widget.ts';
import { PW_SANDBOX_SECRET, pwDeclines, pwErrors as E, pwPaths as P, signV2 } from './wire.ts';

const provider: Provider = 'paymentwall';
/** How soon a refund ticket is answered by itself. */
const REFUND_DELAY_MS = 2_000;
type Json = Record<string, unknown>;
const error = (e: { code: number; msg: string }): Json => ({ type: 'Error', object: 'Error', code: e.code, error: e.msg });

function chargeJson(tx: BookTx, object: 'charge' | 'payment'): Json {
  const d = tx.declineReason ? pwDeclines[tx.declineReason as keyof typeof pwDeclines] : null;
  const status = d ? 'declined' : tx.remain === tx.amount ? 'paid' : tx.remain === 0 ? 'refunded' : 'partially_refunded';
  return {
    object, id: tx.tid, amount: toWireDecimal(tx.amount, tx.currency), currency: tx.currency, ag_external_id: tx.orderId, status,
    payment_system: tx.wallet ?? 'cc',
    ...(tx.card ? { card: { code: tx.card.code, name: tx.card.name, masked: tx.card.number, kind: String(tx.card.type) } } : {}),
    ...(d ? { error_code: d.code, error: d.msg } : {}),
  };
}

export function createPaymentwallSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const exclusive = serialized();
  const secretFor = (projectKey: string) => opts.merchantKey?.(provider, projectKey) ?? PW_SANDBOX_SECRET;
  const ops = sandboxOperations({
    books, now, random, charges, exclusive, timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid: () => `b${randomDigits(random, 9)}`, newKey: () => `ptok_${randomHex(random, 16)}`,
  });
  const notify = opts.notify ?? fetch;

  /** The widget charged: report it by pingback, now or (slow PG) later. */
  async function report(s: WindowSession, a: WindowApproval): Promise<void> {
    if (a.kind !== 'paid' && a.kind !== 'declined' && a.kind !== 'key') return;
    const tx = a.kind === 'key' ? a.charge?.tx : a.tx;
    if (!tx) return;
    const system = tx.wallet ?? (s.extra.testMethod === '1' ? 'test' : 'cc');
    const fields = pingbackFields(tx, system, secretFor(s.mid), a.kind === 'key' ? { key: a.key } : {});
    if (a.delayMs > 0) setTimeout(() => void sendPingback(notify, tx, fields), a.delayMs).unref();
    else await sendPingback(notify, tx, fields);
  }

  async function afterWidget(s: WindowSession, a: WindowAuth): Promise<Record<string, string>> {
    const base = { ag_external_id: s.orderId };
    if (a.result === 'cancelled') return { ...base, status: 'cancelled', message: 'The buyer closed the widget' };
    if (a.result === 'declined') return { ...base, status: 'declined', error_code: String(pwDeclines.generic.code), message: a.message };
    // A billing window always charges its amount together with storing the card (reference §6.4).
    const approval = await ops.approveWindow(s, () => true);
    if (approval.kind === 'garbage') return { ...base, status: 'declined', error_code: String(E.internal.code), message: `(PG사 결제 장애) ${E.internal.msg}` };
    if (approval.kind === 'invalid' || (approval.kind === 'key_refused' && approval.reason === 'invalid')) return { ...base, status: 'declined', error_code: String(E.invalidCard.code), message: E.invalidCard.msg };
    if (approval.kind === 'key_refused') return { ...base, status: 'declined', error_code: String(pwDeclines[approval.reason as keyof typeof pwDeclines].code), message: pwDeclines[approval.reason as keyof typeof pwDeclines].msg };
    await report(s, approval);
    return { ...base, status: 'success' };
  }

  const win = windowRoutes({
    brand: { name: 'Paymentwall', color: '#3a3f51' }, store, now, random, vbankHolder: 'Paymentwall',
    paths: { pay: P.widget, deposit: '/no-vbank' },
    open: (q) => pwWidget(q, secretFor),
    returnMethod: 'GET',
    returnFields: afterWidget,
  });

  const verified = (f: URLSearchParams): string | null => {
    const p = Object.fromEntries(f);
    const key = p.key ?? '';
    return key !== '' && p.sign_version === '2' && p.sign === signV2(p, secretFor(key)) ? key : null;
  };

  async function charge(f: URLSearchParams): Promise<Json | 'garbage' | { delayMs: number; body: Json }> {
    const key = verified(f);
    if (key === null) return error(E.badSignature);
    const currency = f.get('currency') ?? '';
    const amount = isCurrency(currency) ? fromWireDecimal(f.get('amount') ?? '', currency) : null;
    if (!isCurrency(currency) || amount === null || amount <= 0 || !f.get('ag_external_id')) return error(E.badParam);
    if (!f.get('browser_ip')) return error(E.browserIpMissing);
    const email = f.get('email') ?? '';
    const r = await ops.chargeKey(
      { mid: key, orderId: f.get('ag_external_id')!, amount, currency, taxFree: 0, buyerEmail: email, key: f.get('token') ?? '', quota: 0 },
      (k) => (k.buyerEmail === email ? null : 'email'),
    );
    if (r.kind === 'garbage') return 'garbage';
    if (r.kind === 'duplicate') return error(E.duplicateOrder);
    if (r.kind === 'unknown_key') return error(E.unknownToken);
    if (r.kind === 'refused') return error(E.emailMismatch);
    if (r.kind === 'invalid') return error(E.invalidCard);
    return { delayMs: r.delayMs, body: chargeJson(r.tx, 'charge') };
  }

  async function refund(chargeId: string, f: URLSearchParams): Promise<Json> {
    const key = verified(f);
    if (key === null) return error(E.badSignature);
    const tx = await books.findTx(chargeId);
    const amount = tx ? fromWireDecimal(f.get('amount') ?? '', tx.currency) : null;
    if (!tx || amount === null) return error(E.refundRefused);
    const r = await ops.cancel(key, { tid: chargeId }, amount, 0, { pending: true });
    if (r.kind === 'refused') return error(r.why === 'over' ? E.refundTooMuch : E.refundRefused);
    await exclusive(async () => store.set('refunds-pending', [...((await store.get<string[][]>('refunds-pending')) ?? []), [tx.tid, r.cancel.cancelTid]]));
    setTimeout(() => void processRefunds(), REFUND_DELAY_MS).unref();
    return { object: 'refund', id: r.cancel.cancelTid, status: 'pending', charge: tx.tid, amount: toWireDecimal(amount, tx.currency) };
  }

  /** Answers every pending refund with a type-2 pingback. */
  async function processRefunds(): Promise<number> {
    const due = await exclusive(async () => {
      const pending = (await store.get<string[][]>('refunds-pending')) ?? [];
      await store.set('refunds-pending', []);
      const out: { tx: BookTx; id: string; amount: number }[] = [];
      for (const [tid, cancelTid] of pending) {
        const tx = await books.findTx(tid!);
        const c = tx?.cancels.find((x) => x.cancelTid === cancelTid && x.state === 'pending');
        if (!tx || !c) continue;
        c.state = 'done';
        await books.updateTx(tx);
        out.push({ tx, id: c.cancelTid, amount: c.amount });
      }
      return out;
    });
    for (const d of due) await sendPingback(notify, d.tx, pingbackFields(d.tx, d.tx.wallet ?? 'cc', secretFor(d.tx.mid), { refund: { id: d.id, amount: d.amount } }));
    return due.length;
  }

  async function route(req: Request): Promise<Response> {
    const path = pathBelowMount(req.url, provider);
    const page = await win.route(req, path, mountBase(req.url, provider));
    if (page) return page;
    if (req.method === 'POST' && path === P.charge) {
      const r = await charge(await readBody(req));
      if (r === 'garbage') return new Response('<html>500 Internal Server Error\u0000</html>', { status: 500, headers: { 'content-type': 'text/html' } });
      if ('delayMs' in r && typeof r.delayMs === 'number') {
        if (r.delayMs) await sleep(r.delayMs);
        return Response.json(r.body);
      }
      return Response.json(r);
    }
    const refundMatch = /^\/api\/brick\/charge\/([^/]+)\/refund$/.exec(path);
    if (req.method === 'POST' && refundMatch) return Response.json(await refund(decodeURIComponent(refundMatch[1]!), await readBody(req)));
    if (req.method === 'GET' && path === P.payment) {
      const q = new URL(req.url).searchParams;
      const key = verified(q);
      if (key === null) return Response.json(error(E.badSignature));
      const tx = await books.findOrder(key, q.get('ag_external_id') ?? '');
      return Response.json(tx ? chargeJson(tx, 'payment') : error(E.notFound));
    }
    if (req.method === 'POST' && path === P.processRefunds) return Response.json({ answered: await processRefunds() });
    return Response.json(error(E.badParam), { status: 404 });
  }

  return {
    provider,
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
