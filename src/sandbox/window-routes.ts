/**
 * The window routes a simulator built on the shared window serves: the start endpoint (PG-specific
 * parsing through `open`), the window page, its submission (PG-specific return fields), and the
 * sandbox vbank deposit control (`GET` a page, `POST {tid | mid+orderId}`), which reports the deposit
 * through the PG's own notification. Approval APIs stay in each simulator: they are its wire.
 */
import type { RandomBytes } from '../core/ids.ts';
import type { SimulatorStore } from './contract.ts';
import type { BookTx, SandboxBooks } from './books.ts';
import type { SandboxOperations } from './operations.ts';
import { randomHex } from './simulator.ts';
import { depositRefusal, type DepositDone, type DepositRequest } from './vbank-issue.ts';
import { depositPage, formatAmount, messagePage, returnToMerchant, vbankIssuedHtml, windowPage, type Brand, type OwnSections } from './window-page.ts';
import { readSubmission, windowSessions, type SessionInit, type WindowAuth, type WindowSession } from './window-session.ts';

export type WindowRoutesConfig = {
  brand: Brand;
  store: SimulatorStore;
  now: () => number;
  random: RandomBytes;
  vbankHolder: string;
  /**
   * `also`: more start endpoints (Paymentwall's widget and its Brick card form); `open` is told which.
   * `pay: null`: the PG opens its sessions itself from a server call (PAYCO's order reserve, KICC's webpay registration) and sends
   * the browser to `/window/{id}`.
   */
  paths: { pay: string | null; deposit: string; also?: readonly string[] };
  /** Start fields to a session, or the refusal the window shows (bad MID, signature, amount...); absent with `pay: null`. */
  open?(fields: URLSearchParams, path: string): SessionInit | { error: string } | Promise<SessionInit | { error: string }>;
  returnMethod: 'GET' | 'POST';
  /** Where the result goes when not `returnUrl` (JTNet sends a buyer's cancel to its `cancelUrl`). */
  returnUrlFor?(s: WindowSession, auth: WindowAuth): string;
  /** Where the browser goes after the tester chose; may also report to the gateway (Paymentwall). */
  returnFields(s: WindowSession, auth: WindowAuth): Promise<Record<string, string>> | Record<string, string>;
  deposit?: { books: SandboxBooks; ops: SandboxOperations; notify(tx: BookTx, depositorName: string): Promise<{ delivered: boolean; status: number | null }> };
  /**
   * The PG's own part of the window (PAYCO: member login, payment password, coupon): `html` gives the
   * sections around the methods; `read` checks them when the tester approves and gives what to keep
   * in the session's `extra`, or the error the window shows again.
   */
  own?: { html(s: WindowSession): OwnSections; read(s: WindowSession, form: URLSearchParams): { error: string } | { extra: Record<string, string> } };
};

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const wantsHtml = (req: Request): boolean => (req.headers.get('accept') ?? '').includes('text/html');

export async function readBody(req: Request): Promise<URLSearchParams> {
  const text = await req.text();
  if (!(req.headers.get('content-type') ?? '').includes('json')) return new URLSearchParams(text);
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return new URLSearchParams(Object.entries(o).flatMap(([k, v]) => (v === null || typeof v === 'object' ? [] : [[k, String(v)]])));
  } catch {
    return new URLSearchParams();
  }
}

export function windowRoutes(c: WindowRoutesConfig) {
  const sessions = windowSessions(c.store);
  const submitPath = (sid: string) => `/window/${sid}/submit`;

  async function start(init: SessionInit): Promise<WindowSession & { windowPath: string }> {
    const s: WindowSession = { ...init, id: randomHex(c.random, 16), createdAt: c.now(), auth: null, tid: null };
    await sessions.save(s);
    return { ...s, windowPath: `/window/${s.id}` };
  }

  async function open(fields: URLSearchParams, path: string, base: string): Promise<Response> {
    if (!c.open) return messagePage(c.brand, '결제창 정보가 없습니다.', 404);
    const init = await c.open(fields, path);
    if ('error' in init) return messagePage(c.brand, init.error, 400);
    const s = await start(init);
    return new Response(null, { status: 303, headers: { location: `${base}/window/${s.id}` } });
  }

  async function pending(sid: string): Promise<WindowSession | Response> {
    const s = await sessions.get(sid);
    if (!s) return messagePage(c.brand, '결제창 정보가 없습니다.', 404);
    if (s.auth) return messagePage(c.brand, '이미 처리된 결제창입니다.', 409);
    return s;
  }

  async function submit(sid: string, form: URLSearchParams, base: string): Promise<Response> {
    const s = await pending(sid);
    if (s instanceof Response) return s;
    const read = readSubmission(s, form, { now: c.now(), random: c.random, vbankHolder: c.vbankHolder });
    if (!read.ok) return windowPage(c.brand, s, base + submitPath(sid), read.error, c.own?.html(s));
    if (c.own && read.auth.result === 'authenticated') {
      const own = c.own.read(s, form);
      if ('error' in own) return windowPage(c.brand, s, base + submitPath(sid), own.error, c.own.html(s));
      s.extra = { ...s.extra, ...own.extra };
    }
    s.auth = read.auth;
    await sessions.save(s);
    const fields = await c.returnFields(s, read.auth);
    const a = read.auth;
    const before = a.result === 'authenticated' && a.vbank
      ? vbankIssuedHtml(a.vbank, formatAmount(s.amount, s.currency), `${base}${c.paths.deposit}?${new URLSearchParams({ mid: s.mid, orderId: s.orderId })}`)
      : '';
    return returnToMerchant(c.brand, c.returnMethod, c.returnUrlFor?.(s, a) ?? s.returnUrl, fields, before);
  }

  async function deposit(req: Request, base: string): Promise<Response> {
    const d = c.deposit!;
    const q = new URL(req.url).searchParams;
    const body = req.method === 'POST' ? await readBody(req) : new URLSearchParams();
    for (const [k, v] of q) if (!body.has(k)) body.set(k, v);
    const find = () => (body.get('tid') ? d.books.findTx(body.get('tid')!) : d.books.findOrder(body.get('mid') ?? '', body.get('orderId') ?? ''));
    if (req.method === 'GET') {
      const tx = await find();
      if (!tx?.vbank) return messagePage(c.brand, '가상계좌가 아직 발급되지 않았습니다. 가맹점으로 돌아간 뒤 다시 여세요.', 404);
      const state = tx.vbank.paidAt === null ? '입금 대기' : '입금 완료';
      return depositPage(c.brand, { tid: tx.tid, orderId: tx.orderId, amountText: formatAmount(tx.amount, tx.currency), num: tx.vbank.num, bank: tx.vbank.name, state }, base + c.paths.deposit);
    }
    const r = await depositTx(find, { depositorName: body.get('depositorName') ?? '' });
    if (r.kind !== 'deposited') {
      const msg = depositRefusal[r.why];
      return wantsHtml(req) ? messagePage(c.brand, msg, 409) : json({ ok: false, message: msg }, 409);
    }
    const summary = { ok: true, tid: r.tid, orderId: r.orderId, notified: r.notified, notifyStatus: r.notifyStatus };
    return wantsHtml(req) ? messagePage(c.brand, `입금 완료. 가맹점 통보: ${r.notified ? '성공' : '실패'} (${r.notifyStatus ?? '연결 실패'})`, 200) : json(summary);
  }

  /** Pays an issued account and reports it through the PG's notification (the page above and the deposit control). */
  async function depositTx(find: () => Promise<BookTx | undefined>, want: DepositRequest): Promise<DepositDone> {
    const d = c.deposit!;
    const r = await d.ops.deposit(find);
    if (r.kind !== 'paid') return { kind: 'refused', why: r.kind };
    const sent = await d.notify(r.tx, want.depositorName);
    return { kind: 'deposited', tid: r.tx.tid, orderId: r.tx.orderId, notified: sent.delivered, notifyStatus: sent.status };
  }

  return {
    sessions,
    /** Opens a window session from a server call (`paths.pay: null`); the browser goes to `{base}/window/{id}`. */
    start,
    /** The deposit control (`/_control/{pg}/vbanks/{tid}/deposit`): pays the account with this tid. */
    depositByTid: (tid: string, want: DepositRequest): Promise<DepositDone> => depositTx(() => c.deposit!.books.findTx(tid), want),
    async route(req: Request, path: string, base: string): Promise<Response | null> {
      if ((c.paths.pay !== null && path === c.paths.pay) || c.paths.also?.includes(path)) return open(req.method === 'POST' ? await readBody(req) : new URL(req.url).searchParams, path, base);
      if (path === c.paths.deposit && c.deposit) return deposit(req, base);
      const m = /^\/window\/([0-9a-f]{32})(\/submit)?$/.exec(path);
      if (m && !m[2] && req.method === 'GET') {
        const s = await pending(m[1]!);
        return s instanceof Response ? s : windowPage(c.brand, s, base + submitPath(s.id), null, c.own?.html(s));
      }
      if (m && m[2] && req.method === 'POST') return submit(m[1]!, new URLSearchParams(await req.text()), base);
      return null;
    },
  };
}
