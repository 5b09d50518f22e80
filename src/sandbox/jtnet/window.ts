/**
 * The sandbox JTNet's payment window (window-wire.ts): opens a window session from the signed start
 * fields, renders the shared sandbox window, returns the tester's result to `returnUrl`, approves
 * authenticated windows server-to-server into the JTNet ledger, and takes vbank deposits, which it
 * reports to the `notifyUrl` it was given.
 */
import type { RandomBytes } from '../../core/ids.ts';
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { SimulatorStore } from '../contract.ts';
import { chargeCounter, randomHex, serialized, sleep } from '../simulator.ts';
import { depositPage, formatAmount, messagePage, returnToMerchant, vbankIssuedHtml, windowPage, type Brand } from '../window-page.ts';
import {
  readSubmission, windowSessions, type WindowMethod, type WindowSession,
} from '../window-session.ts';
import { cardCompanies } from '../test-cards.ts';
import type { JtnetLedger, TxRecord } from './ledger.ts';
import { jtnetResults as R } from './wire.ts';
import { approveWindow } from './window-approve.ts';
import { depositVbank } from './vbank.ts';
import { depositRefusal } from '../vbank-issue.ts';
import { jtnetPayMethods, jtnetWindowPaths as P, jtnetWindowResults as W, startSignature } from './window-wire.ts';

export const jtnetBrand: Brand = { name: 'JTNet TPay', color: '#d6001c' };

export type JtnetWindowDeps = {
  store: SimulatorStore;
  ledger: JtnetLedger;
  now: () => number;
  random: RandomBytes;
  charges: ReturnType<typeof chargeCounter>;
  exclusive: ReturnType<typeof serialized>;
  newId: (mid: string, kind: '01' | '02') => Promise<string>;
  stamp: (sec: number) => string;
  timeoutDelayMs: number;
  notify: typeof fetch;
  keyFor: (mid: string) => string;
};

const methodOf = Object.fromEntries(Object.entries(jtnetPayMethods).map(([k, v]) => [v, k])) as Record<string, WindowMethod>;
const json = (body: Record<string, string | boolean | number | null>, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const wantsHtml = (req: Request): boolean => (req.headers.get('accept') ?? '').includes('text/html');
const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

export function jtnetWindowRoutes(d: JtnetWindowDeps) {
  const sessions = windowSessions(d.store);

  /** Start fields -> a session; refusals are shown in the window, as a PG shows them. */
  async function open(f: URLSearchParams, base: string): Promise<Response> {
    const get = (k: string) => f.get(k) ?? '';
    const mid = get('mid');
    const billing = get('billing') === '1';
    const method = methodOf[get('payMethod')];
    if (!/^[A-Za-z0-9_]{4,20}$/.test(mid)) return messagePage(jtnetBrand, `${R.badMid.code} ${R.badMid.msg}`, 400);
    if (get('moid') === '' || get('moid').length > 64 || !method) return messagePage(jtnetBrand, `${R.badParam.code} ${R.badParam.msg}`, 400);
    // A billing window may show 0 (key only, SEED 003); any other window needs an amount.
    if (!(billing ? /^(0|[1-9][0-9]{0,11})$/ : /^[1-9][0-9]{0,11}$/).test(get('amt'))) return messagePage(jtnetBrand, `${R.badAmount.code} ${R.badAmount.msg}`, 400);
    if (billing && method !== 'card') return messagePage(jtnetBrand, `${R.badParam.code} 빌키 발급은 카드만 가능합니다`, 400);
    if (!isWebUrl(get('returnUrl')) || !isWebUrl(get('notifyUrl'))) return messagePage(jtnetBrand, `${R.badParam.code} returnUrl/notifyUrl`, 400);
    const expected = startSignature({ mid, moid: get('moid'), amt: get('amt'), billing: get('billing') }, d.keyFor(mid));
    if (get('encData') !== expected) return messagePage(jtnetBrand, `${W.badSignature.code} ${W.badSignature.msg}`, 400);
    const amount = Number(get('amt'));
    const codes = get('cardCodes').split(',').filter((c) => c in cardCompanies);
    const asked = get('cardQuota').split(',').filter((q) => /^[0-9]{1,2}$/.test(q)).map(Number).filter((q) => q >= 2);
    const s: WindowSession = {
      id: randomHex(d.random, 16), createdAt: d.now(), auth: null, tid: null, provider: 'jtnet', mid, orderId: get('moid'),
      amount, currency: 'KRW', taxFree: Number(get('taxFreeAmt') || '0'), name: get('goodsNm'),
      buyer: { name: get('buyerName'), email: get('buyerEmail'), tel: get('buyerTel') },
      methods: [method], billing,
      amountNote: !billing ? null : amount > 0 ? '카드 등록과 함께 이 금액이 결제됩니다' : '카드 등록만 합니다 (결제 없음)',
      cardCodes: codes.length > 0 ? codes : null, directQuota: null,
      // Instalments only from 50,000 KRW (reference §8.3).
      quotas: amount < MIN_INSTALMENT_KRW ? [] : asked.length > 0 ? asked : [2, 3, 4, 5, 6, 12],
      vbankDue: /^[0-9]{1,12}$/.test(get('vbankExpDate')) ? Number(get('vbankExpDate')) : null,
      returnUrl: get('returnUrl'), notifyUrl: get('notifyUrl'), extra: {},
    };
    await sessions.save(s);
    return new Response(null, { status: 303, headers: { location: base + P.page(s.id) } });
  }

  async function showPage(sid: string, base: string): Promise<Response> {
    const s = await sessions.get(sid);
    if (!s) return messagePage(jtnetBrand, '결제창 정보가 없습니다.', 404);
    if (s.auth) return messagePage(jtnetBrand, '이미 처리된 결제창입니다.', 409);
    return windowPage(jtnetBrand, s, base + P.submit(sid));
  }

  async function submit(sid: string, form: URLSearchParams, base: string): Promise<Response> {
    const s = await sessions.get(sid);
    if (!s) return messagePage(jtnetBrand, '결제창 정보가 없습니다.', 404);
    if (s.auth) return messagePage(jtnetBrand, '이미 처리된 결제창입니다.', 409);
    const read = readSubmission(s, form, { now: d.now(), random: d.random, vbankHolder: 'JTNet 샌드박스' });
    if (!read.ok) return windowPage(jtnetBrand, s, base + P.submit(sid), read.error);
    s.auth = read.auth;
    await sessions.save(s);
    const a = read.auth;
    const fields: Record<string, string> = a.result === 'cancelled' ? { resultCd: W.userCancelled.code, resultMsg: W.userCancelled.msg, moid: s.orderId }
      : a.result === 'declined' ? { resultCd: W.authDeclined.code, resultMsg: a.message, moid: s.orderId }
      : { resultCd: W.authenticated.code, resultMsg: W.authenticated.msg, moid: s.orderId, amt: String(s.amount), payMethod: jtnetPayMethods[a.method], authToken: s.id };
    const before = a.result === 'authenticated' && a.vbank
      ? vbankIssuedHtml(a.vbank, formatAmount(s.amount, s.currency), `${base}${P.deposit}?${new URLSearchParams({ mid: s.mid, moid: s.orderId })}`)
      : '';
    return returnToMerchant(jtnetBrand, 'POST', s.returnUrl, fields, before);
  }

  async function approve(form: URLSearchParams, base: string): Promise<Response> {
    const s = await sessions.get(form.get('authToken') ?? '');
    if (!s || s.mid !== form.get('mid') || s.orderId !== form.get('moid') || !s.auth) return json({ resultCd: W.badToken.code, resultMsg: W.badToken.msg });
    const answer = await approveWindow(d, sessions, s, base);
    if (answer.kind === 'garbage') return new Response('<html>500 Internal Server Error\u0000</html>', { status: 500 });
    if (answer.delayMs > 0) await sleep(answer.delayMs);
    return json(answer.body);
  }

  async function findVbank(q: URLSearchParams): Promise<TxRecord | undefined> {
    const tid = q.get('tid');
    return tid ? d.ledger.findTx(tid) : d.ledger.findOrder(q.get('mid') ?? '', q.get('moid') ?? '');
  }

  /** The sandbox deposit control: `POST {base}/vbank/deposit {tid | mid+moid, depositorName?}`. */
  async function deposit(req: Request, base: string): Promise<Response> {
    const q = new URL(req.url).searchParams;
    if (req.method === 'GET') {
      const tx = await findVbank(q);
      const v = tx?.window?.vbank;
      if (!tx || !v) return messagePage(jtnetBrand, '가상계좌가 아직 발급되지 않았습니다. 가맹점으로 돌아간 뒤 다시 여세요.', 404);
      const state = v.paidAt === null ? '입금 대기' : '입금 완료';
      return depositPage(jtnetBrand, { tid: tx.tid, orderId: tx.moid, amountText: formatAmount(tx.amt, 'KRW'), num: v.num, bank: v.name, state }, base + P.deposit);
    }
    const text = await req.text();
    const body = (req.headers.get('content-type') ?? '').includes('json') ? new URLSearchParams(JSON.parse(text) as Record<string, string>) : new URLSearchParams(text);
    for (const [k, v] of q) if (!body.has(k)) body.set(k, v);
    const r = await depositVbank(d, () => findVbank(body), { depositorName: body.get('depositorName') ?? '', amount: null });
    if (r.kind === 'refused') {
      const msg = depositRefusal[r.why];
      return wantsHtml(req) ? messagePage(jtnetBrand, msg, 409) : json({ resultCd: 'V001', resultMsg: msg }, 409);
    }
    const summary = { resultCd: W.vbankDeposited.code, resultMsg: W.vbankDeposited.msg, tid: r.tid, moid: r.orderId, notified: r.notified, notifyStatus: r.notifyStatus };
    return wantsHtml(req) ? messagePage(jtnetBrand, `입금 완료. 가맹점 통보: ${r.notified ? '성공' : '실패'} (${r.notifyStatus ?? '연결 실패'})`, 200) : json(summary);
  }

  /** The window routes, or null when the path is not one of them. */
  return async function route(req: Request, path: string, base: string): Promise<Response | null> {
    if (path === P.pay) return open(req.method === 'POST' ? new URLSearchParams(await req.text()) : new URL(req.url).searchParams, base);
    if (path === P.approve && req.method === 'POST') return approve(new URLSearchParams(await req.text()), base);
    if (path === P.deposit) return deposit(req, base);
    const m = /^\/window\/([0-9a-f]{32})(\/submit)?$/.exec(path);
    if (m && !m[2] && req.method === 'GET') return showPage(m[1]!, base);
    if (m && m[2] && req.method === 'POST') return submit(m[1]!, new URLSearchParams(await req.text()), base);
    return null;
  };
}
