/**
 * A sandbox JTNet tPay (wire.ts): the `webTxInit` window and its `resultConfirm` (window.ts), the
 * `/api/v1/` server API (api.ts), and vbank deposits reported to the window's `retryUrl`. Served
 * under wherever it is mounted (`{sandbox}/jtnet`), with tPay's own paths beneath.
 */
import { chosenOutcomes } from '../chosen-outcomes.ts';
import type { Provider } from '../../core/payment.ts';
import { sandboxBooks } from '../books.ts';
import { sandboxOperations } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, mountBase, pathBelowMount, pathBelowPath, randomDigits, randomHex, sameSecret, serialized, sleep,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import type { RawCall, RawReply } from '../contract.ts';
import { windowRoutes } from '../window-routes.ts';
import { sendNotification } from '../window-session.ts';
import { jtnetApi, type ApiReply } from './api.ts';
import { ediDateOf } from './crypto.ts';
import { authStamp, depositReport, openWebTx, windowResult } from './window.ts';
import { jtnetApiCodes as C, jtnetDefaultTestMerchant, jtnetPaths as P, jtnetTestMerchants, STATE_APPROVED } from './wire.ts';

const provider: Provider = 'jtnet';
/** What `Request.text()` does with a body (UTF-8, a leading BOM dropped, bad bytes replaced). */
const utf8 = new TextDecoder();
/** The server API's paths (wire.ts): none of them is a window page. */
const isApiPath = (path: string): boolean => path.startsWith('/api/v1/');
const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };
const garbage: RawReply = { status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>500 Internal Server Error\u0000\u00ff#@!</body></html>' };
const serverError: RawReply = { status: 500, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Internal Server Error' };
const toResponse = (r: RawReply): Response => new Response(r.body, { status: r.status, headers: r.headers });

/**
 * A server call's form: urlencoded (Go and Node integrators), or multipart, which is what the PHP sample's
 * curl sends for an array of fields (`ResultConfirm::send`).
 */
async function readForm(req: Request): Promise<URLSearchParams> {
  if (!(req.headers.get('content-type') ?? '').includes('multipart/form-data')) return new URLSearchParams(await req.text());
  const out = new URLSearchParams();
  for (const [k, v] of await req.formData()) if (typeof v === 'string') out.append(k, v);
  return out;
}

/** What the window left for its `resultConfirm`: the "slow PG" delay, whether the merchant confirmed, and the re-sends. */
type ConfirmRecord = { delayMs: number; confirmed: string | null; resent: number };
const DEFAULT_RENOTIFY_DELAY_MS = 30_000;

export function createJtnetSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const exclusive = serialized();
  const notify = opts.notify ?? fetch;
  const testMerchant = (mid: string) => jtnetTestMerchants[mid] ?? jtnetDefaultTestMerchant;
  const keyFor = (mid: string): string => opts.merchantKey?.(provider, mid) ?? testMerchant(mid).merchantKey;
  const credentials = (mid: string) => {
    const registered = opts.merchantCredentials?.(provider, mid) ?? null;
    return { apiKey: registered?.apiKey ?? testMerchant(mid).apiKey, cancelPw: registered?.cancelPassword ?? testMerchant(mid).cancelPw };
  };
  // tid: 'JT' + method '01' + yyMMddHHmmss + 14 random digits (30 characters; openimp's format).
  const choices = opts.choices ?? chosenOutcomes();
  const ops = sandboxOperations({
    books, now, random, charges, choices, exclusive, timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid: () => `JT01${authStamp(now())}${randomDigits(random, 14)}`, newKey: () => randomHex(random, 16).toUpperCase(),
  });
  const api = jtnetApi({ books, ops, now, random, newKey: () => randomHex(random, 16).toUpperCase(), credentials, sameSecret });
  const confirmKey = (tid: string) => `result-confirm:${tid}`;

  async function reportDeposit(tx: Parameters<typeof depositReport>[0], depositorName: string) {
    if (!tx.notifyUrl) return { delivered: false, status: null };
    const body = new URLSearchParams(depositReport(tx, depositorName, keyFor(tx.mid), now())).toString();
    return sendNotification(notify, tx.notifyUrl, body, 'application/x-www-form-urlencoded');
  }

  const win = windowRoutes({
    brand: { name: 'tPay', color: '#e4002b' }, store, now, random, vbankHolder: 'JTNet 샌드박스',
    paths: { pay: P.webTxInit, deposit: P.deposit },
    open: (f) => openWebTx(f, keyFor),
    returnMethod: 'POST',
    returnUrlFor: (s, a) => (a.result === 'cancelled' && s.extra.cancelUrl ? s.extra.cancelUrl : s.returnUrl),
    async returnFields(s, a) {
      if (a.result !== 'authenticated') return windowResult(s, a, keyFor(s.mid), now());
      // 일반승인: the PG approves inside the window; the buyer returns with the outcome.
      const approval = await ops.approveWindow(s, (w) => w.amount > 0);
      const fields = windowResult(s, approval, keyFor(s.mid), now());
      if (fields.tid) {
        await store.set(confirmKey(fields.tid), { delayMs: 'delayMs' in approval ? approval.delayMs : 0, confirmed: null, resent: 0 } satisfies ConfirmRecord);
        if (s.notifyUrl && fields.stateCd === STATE_APPROVED) renotifyUnconfirmed(fields.tid, s.notifyUrl, fields);
      }
      return fields;
    },
    deposit: { books, ops, notify: reportDeposit },
  });

  /**
   * 재통보 (the sample form's `retryUrl`): a result the merchant did not acknowledge with `000` in time
   * is POSTed, as the browser would have, to `retryUrl`, once, if money moved (openimp's reading, docs/pgs/jtnet-fake.md).
   * This is how a result whose buyer never returned still reaches the merchant.
   */
  function renotifyUnconfirmed(tid: string, retryUrl: string, fields: Record<string, string>): void {
    const timer = setTimeout(() => {
      void (async () => {
        const kept = await store.get<ConfirmRecord>(confirmKey(tid));
        if (!kept || kept.confirmed === '000') return;
        await store.set(confirmKey(tid), { ...kept, resent: kept.resent + 1 } satisfies ConfirmRecord);
        await sendNotification(notify, retryUrl, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
      })().catch(() => undefined);
    }, opts.renotifyDelayMs ?? DEFAULT_RENOTIFY_DELAY_MS);
    timer.unref();
  }

  /** `POST /resultConfirm {tid, result}`: the merchant got the result ("000"); a slow window answers late. */
  async function resultConfirm(f: URLSearchParams): Promise<Response> {
    const tid = f.get('tid') ?? '';
    const kept = tid === '' ? undefined : await store.get<ConfirmRecord>(confirmKey(tid));
    if (!kept) return Response.json({ result_cd: C.noTransaction.code, result_msg: C.noTransaction.msg }, { headers: jsonHeaders });
    if (kept.confirmed === null) await store.set(confirmKey(tid), { ...kept, confirmed: f.get('result') ?? '' } satisfies ConfirmRecord);
    if (kept.delayMs > 0) await sleep(kept.delayMs);
    return new Response(JSON.stringify({ result_cd: C.ok.code, result_msg: C.ok.msg, tid, ediDate: ediDateOf(now()) }), { headers: jsonHeaders });
  }

  /** A server API call's answer on the wire (`reply` null: no such call). */
  async function apiAnswer(reply: ApiReply | null): Promise<RawReply> {
    if (reply === null) return { status: 404, headers: jsonHeaders, body: JSON.stringify({ result_cd: C.noRoute.code, result_msg: C.noRoute.msg }) };
    if (reply === 'garbage') return garbage;
    if (reply.delayMs > 0) await sleep(reply.delayMs);
    return { status: 200, headers: jsonHeaders, body: JSON.stringify(reply.body) };
  }

  async function route(req: Request): Promise<Response> {
    const path = pathBelowMount(req.url, provider);
    const page = await win.route(req, path, mountBase(req.url, provider));
    if (page) return page;
    if (req.method === 'POST' && path === P.resultConfirm) return resultConfirm(await readForm(req));
    return toResponse(await apiAnswer(req.method === 'POST' ? await api(path, await readForm(req)) : null));
  }

  /**
   * The server API's calls straight from the bytes (http-server.ts `raw`): a urlencoded POST to one of
   * the `/api/v1/` paths under the mount; the same answer `route` gives it.
   */
  async function raw(call: RawCall): Promise<RawReply | null> {
    const path = pathBelowPath(call.path, provider);
    if (call.method !== 'POST' || !isApiPath(path) || (call.headers['content-type'] ?? '').includes('multipart/form-data')) return null;
    try {
      return await apiAnswer(await api(path, new URLSearchParams(utf8.decode(call.body))));
    } catch {
      return serverError;
    }
  }

  return {
    provider,
    choices,
    async handle(req) {
      try {
        return await route(req);
      } catch {
        // Like a real server: a bug answers 500 (and is then a bad_response to the connector).
        return toResponse(serverError);
      }
    },
    raw,
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: win.depositByTid,
  };
}
