/**
 * A sandbox JTNet: serves the wire protocol of wire.ts under wherever it is mounted (`{base}/sandbox/jtnet`)
 * and behaves like the PG: validates MID and amounts, keeps balances for partial cancels, answers a
 * repeated approved order number with the first approval instead of charging again, and decides each
 * card's fate from the shared test-card table (test-cards.ts).
 */
import { maskCardNumber } from '../../core/card.ts';
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, mountBase, pathBelowMount, randomDigits, randomHex, sameSecret, serialized, serializedByKey, sleep,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { applyExpiry, cardCompanyOf, cardOutcome, classifyCard, issuanceOutcome, type CardOutcome, type DeclineReason } from '../test-cards.ts';
import { awaitsDeposit, isPaid, jtnetLedger, type JtnetCard, type TxRecord } from './ledger.ts';
import { jtnetPayMethods } from './window-wire.ts';
import { receiptPage } from './receipt.ts';
import { JTNET_SANDBOX_API_KEY, JTNET_SANDBOX_CANCEL_PASSWORD, jtnetPaths, jtnetResults, jtnetStates } from './wire.ts';
import { jtnetWindowRoutes, type JtnetWindowDeps } from './window.ts';
import { depositVbank, issueVbank } from './vbank.ts';
import { JTNET_SANDBOX_KEY } from './window-wire.ts';

type Result = { code: string; msg: string };
/** Strings throughout, as JTNet answers; the lookup's `cancelList` is a list of such records. */
type Body = Record<string, string | Record<string, string>[]>;
/** A JSON answer (optionally held back, for the timeout card) or the PG falling over. */
type Reply = { kind: 'json'; body: Body; delayMs?: number } | { kind: 'garbage' };
type Order = { mid: string; moid: string; amt: number; taxFreeAmt: number; cardQuota: string };

const R = jtnetResults;
const declineResults: Record<DeclineReason, Result> = {
  insufficient_funds: R.insufficientFunds,
  limit_exceeded: R.limitExceeded,
  expired: R.expiredCard,
  lost_or_stolen: R.lostOrStolen,
  generic: R.genericDecline,
};

const refuse = (r: Result): Reply => ({ kind: 'json', body: { resultCd: r.code, resultMsg: r.msg } });
const amountPattern = /^[1-9][0-9]{0,11}$/;
const optionalAmount = (v: string | null): number | null => (v === null || v === '' ? 0 : /^(0|[1-9][0-9]{0,11})$/.test(v) ? Number(v) : null);

/** Any well-formed MID is accepted in the sandbox (test MIDs look like `tpaytest0m`). */
const midOf = (form: URLSearchParams): string | null => {
  const mid = form.get('mid') ?? '';
  return /^[A-Za-z0-9_]{4,20}$/.test(mid) ? mid : null;
};

function checkOrder(form: URLSearchParams): Order | Reply {
  const mid = midOf(form);
  if (mid === null) return refuse(R.badMid);
  const moid = form.get('moid') ?? '';
  if (moid === '' || moid.length > 64) return refuse(R.badParam);
  const amtText = form.get('amt') ?? '';
  if (!amountPattern.test(amtText)) return refuse(R.badAmount);
  const amt = Number(amtText);
  const taxFreeAmt = optionalAmount(form.get('taxFreeAmt'));
  if (taxFreeAmt === null || taxFreeAmt > amt) return refuse(R.badTaxFree);
  const cardQuota = form.get('cardQuota') || '00';
  if (!/^[0-9]{2}$/.test(cardQuota) || Number(cardQuota) > 36) return refuse(R.badQuota);
  if (Number(cardQuota) >= 2 && amt < MIN_INSTALMENT_KRW) return refuse(R.badQuota);
  return { mid, moid, amt, taxFreeAmt, cardQuota };
}

/** Card number and expiry as the key-in and issue forms carry them, or the refusal a PG gives. */
function readCard(form: URLSearchParams): { number: string; expiry: { year: number; month: number } } | Reply {
  const number = form.get('cardNo') ?? '';
  if (!/^[0-9]{13,19}$/.test(number)) return refuse(R.badCardNo);
  const yy = form.get('expYY') ?? '';
  const mm = form.get('expMM') ?? '';
  if (!/^[0-9]{2}$/.test(yy) || !/^(0[1-9]|1[0-2])$/.test(mm)) return refuse(R.badExpiry);
  return { number, expiry: { year: 2000 + Number(yy), month: Number(mm) } };
}

function cardFacts(number: string): JtnetCard {
  const c = cardCompanyOf(number);
  return { cardCd: c.code, cardNm: c.name, cardNo: maskCardNumber(number), cardType: c.type === 1 ? '1' : '0' };
}

/** `yyMMddHHmmss` in Korean time, the way Korean PGs stamp approvals. */
function kstStamp(sec: number): string {
  const iso = new Date((sec + 9 * 3600) * 1000).toISOString(); // 2025-06-15T21:40:00.000Z
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

const isReply = (v: object): v is Reply => 'kind' in v;

export function createJtnetSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now } = opts;
  const random = opts.random ?? defaultRandom;
  const timeoutDelayMs = opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS;
  const ledger = jtnetLedger(opts.store);
  const charges = chargeCounter();
  const exclusive = serialized();
  /** Charges lock their order only (different orders run concurrently); cancels keep `exclusive`. */
  const perOrder = serializedByKey();
  /** TPay-style id: MID + kind ('01' pay, '02' cancel) + time + random digits; never reused. */
  const drawId = (mid: string, kind: '01' | '02'): string => `${mid}${kind}${kstStamp(now())}${randomDigits(random, 6)}`;
  const newId = (mid: string, kind: '01' | '02'): Promise<string> => ledger.newId(() => drawId(mid, kind));

  function payBody(tx: TxRecord, base: string): Body {
    const ok = isPaid(tx);
    return {
      resultCd: tx.resultCd, resultMsg: tx.resultMsg, tid: tx.tid, moid: tx.moid, amt: String(tx.amt),
      authDate: tx.authDate, cardQuota: tx.cardQuota, ...tx.card,
      ...(ok ? { authCd: tx.authCd ?? '', receiptUrl: base + jtnetPaths.receipt(tx.tid) } : {}),
    };
  }

  /** keyin/pay and billing/pay: everything after the card's outcome is known is the same. */
  async function pay(order: Order, card: JtnetCard, outcome: CardOutcome, base: string): Promise<Reply> {
    return perOrder(`${order.mid}:${order.moid}`, async (): Promise<Reply> => {
      const existing = await ledger.findOrder(order.mid, order.moid);
      if (existing && isPaid(existing)) {
        // The same order again: the first approval is the answer, nothing is charged twice.
        return existing.amt === order.amt ? { kind: 'json', body: payBody(existing, base) } : refuse(R.duplicateOrder);
      }
      if (outcome.kind === 'invalid') return refuse(R.badCardNo);
      if (outcome.kind === 'pg_error') return { kind: 'garbage' };
      const approved = outcome.kind === 'approve' || outcome.kind === 'pg_timeout';
      const result = outcome.kind === 'decline' ? declineResults[outcome.reason] : R.approved;
      const at = now();
      const authCd = approved ? randomDigits(random, 8) : null;
      const tx = await ledger.addNewTx(() => drawId(order.mid, '01'), (tid): TxRecord => ({
        tid, mid: order.mid, moid: order.moid, amt: order.amt, taxFreeAmt: order.taxFreeAmt,
        remainAmt: approved ? order.amt : 0, remainTaxFree: approved ? order.taxFreeAmt : 0,
        resultCd: result.code, resultMsg: result.msg, authCd, authDate: kstStamp(at), cardQuota: order.cardQuota, card, cancels: [], createdAt: at,
      }));
      if (approved) charges.record(order.moid);
      return { kind: 'json', body: payBody(tx, base), delayMs: outcome.kind === 'pg_timeout' ? timeoutDelayMs : 0 };
    });
  }

  async function keyinPay(form: URLSearchParams, base: string): Promise<Reply> {
    const order = checkOrder(form);
    if (isReply(order)) return order;
    const card = readCard(form);
    if (isReply(card)) return card;
    return pay(order, cardFacts(card.number), cardOutcome(card.number, card.expiry, now()), base);
  }

  async function billingPay(form: URLSearchParams, base: string): Promise<Reply> {
    const order = checkOrder(form);
    if (isReply(order)) return order;
    const key = await ledger.findBillKey(form.get('billKey') ?? '');
    if (!key || key.mid !== order.mid) return refuse(R.unknownBillKey);
    return pay(order, key.card, applyExpiry(key.profile, key.expiry, now()), base);
  }

  async function billingIssue(form: URLSearchParams): Promise<Reply> {
    const mid = midOf(form);
    if (mid === null) return refuse(R.badMid);
    const card = readCard(form);
    if (isReply(card)) return card;
    const outcome = issuanceOutcome(cardOutcome(card.number, card.expiry, now()));
    if (outcome.kind === 'invalid') return refuse(R.badCardNo);
    if (outcome.kind === 'decline') return refuse(declineResults[outcome.reason]);
    const billKey = `BK${randomHex(random, 15)}`;
    const facts = cardFacts(card.number);
    await ledger.addBillKey({ billKey, mid, card: facts, profile: classifyCard(card.number), expiry: card.expiry, issuedAt: now() });
    return { kind: 'json', body: { resultCd: R.issued.code, resultMsg: R.issued.msg, billKey, ...facts } };
  }

  async function cancel(form: URLSearchParams, base: string): Promise<Reply> {
    const mid = midOf(form);
    if (mid === null) return refuse(R.badMid);
    const amtText = form.get('cancelAmt') ?? '';
    if (!amountPattern.test(amtText)) return refuse(R.badAmount);
    const kind = form.get('partialCancelCode');
    if (kind !== '0' && kind !== '1') return refuse(R.badParam);
    const amt = Number(amtText);
    const taxFree = optionalAmount(form.get('taxFreeAmt'));
    return exclusive(async (): Promise<Reply> => {
      const tx = await ledger.findTx(form.get('tid') ?? '');
      if (!tx || tx.mid !== mid) return refuse(R.noTransaction);
      if (!isPaid(tx)) return refuse(R.notApproved);
      if (tx.remainAmt === 0) return refuse(R.alreadyCancelled);
      if (amt > tx.remainAmt) return refuse(R.overCancel);
      // A full cancel must match the PG's balance, so a stale "cancel everything" cannot over-refund.
      if (kind === '0' && amt !== tx.remainAmt) return refuse(R.wrongCancelKind);
      if (taxFree === null || taxFree > amt || taxFree > tx.remainTaxFree) return refuse(R.badCancelTaxFree);
      const at = now();
      const cancelTid = await newId(mid, '02');
      tx.remainAmt -= amt;
      tx.remainTaxFree -= taxFree;
      tx.cancels.push({ cancelTid, amt, taxFreeAmt: taxFree, at });
      await ledger.updateTx(tx);
      return {
        kind: 'json',
        body: {
          resultCd: R.cancelled.code, resultMsg: R.cancelled.msg, tid: tx.tid, cancelTid, cancelAmt: String(amt),
          remainAmt: String(tx.remainAmt), cancelDate: kstStamp(at), receiptUrl: base + jtnetPaths.receipt(tx.tid),
        },
      };
    });
  }

  async function lookup(moid: string, query: URLSearchParams, base: string): Promise<Reply> {
    const mid = midOf(query);
    if (mid === null) return refuse(R.badMid);
    const tx = await ledger.findOrder(mid, moid);
    if (!tx) return refuse(R.notFound);
    const stateCd = awaitsDeposit(tx) ? jtnetStates.vbankWaiting : !isPaid(tx) ? jtnetStates.declined
      : tx.remainAmt === 0 ? jtnetStates.cancelled
      : tx.remainAmt < tx.amt ? jtnetStates.partCancelled : jtnetStates.approved;
    const { resultCd, resultMsg, ...rest } = payBody(tx, base);
    return {
      kind: 'json',
      body: {
        resultCd: R.found.code, resultMsg: R.found.msg, stateCd, remainAmt: String(tx.remainAmt), payResultCd: resultCd!, payResultMsg: resultMsg!, ...rest,
        ...(tx.window ? { payMethod: jtnetPayMethods[tx.window.payMethod] } : {}),
        cancelList: tx.cancels.map((c) => ({ cancelTid: c.cancelTid, cancelAmt: String(c.amt), cancelDate: kstStamp(c.at) })),
      },
    };
  }

  /** The server API's caller check: the MID's registered api_key (and, to cancel, cancel_pw). */
  function authenticate(mid: string, fields: URLSearchParams, cancel: boolean): Reply | null {
    const registered = opts.merchantCredentials?.('jtnet', mid) ?? null;
    if (!sameSecret(fields.get('api_key'), registered?.apiKey ?? JTNET_SANDBOX_API_KEY)) return refuse(R.authFailed);
    if (cancel && !sameSecret(fields.get('cancel_pw'), registered?.cancelPassword ?? JTNET_SANDBOX_CANCEL_PASSWORD)) return refuse(R.badCancelPassword);
    return null;
  }

  const windowDeps: JtnetWindowDeps = {
    store: opts.store, ledger, now, random, charges, exclusive, newId, stamp: kstStamp, timeoutDelayMs,
    notify: opts.notify ?? fetch, keyFor: (mid) => opts.merchantKey?.('jtnet', mid) ?? JTNET_SANDBOX_KEY,
  };
  const windowRoute = jtnetWindowRoutes(windowDeps);

  async function route(req: Request): Promise<Reply | Response> {
    const path = pathBelowMount(req.url, 'jtnet');
    const base = mountBase(req.url, 'jtnet');
    const windowReply = await windowRoute(req, path, base);
    if (windowReply) return windowReply;
    const serverApi: string[] = [jtnetPaths.keyinPay, jtnetPaths.billingPay, jtnetPaths.billingIssue, jtnetPaths.cancel, jtnetPaths.vbankIssue];
    if (req.method === 'POST' && serverApi.includes(path)) {
      const form = new URLSearchParams(await req.text());
      const mid = midOf(form);
      if (mid === null) return refuse(R.badMid);
      const refused = authenticate(mid, form, path === jtnetPaths.cancel);
      if (refused) return refused;
      if (path === jtnetPaths.keyinPay) return keyinPay(form, base);
      if (path === jtnetPaths.billingPay) return billingPay(form, base);
      if (path === jtnetPaths.billingIssue) return billingIssue(form);
      if (path === jtnetPaths.cancel) return cancel(form, base);
      if (path === jtnetPaths.vbankIssue) return { kind: 'json', body: await issueVbank(windowDeps, form) };
    }
    if (req.method === 'GET') {
      const txMatch = /^\/api\/transactions\/([^/]+)$/.exec(path);
      if (txMatch) {
        const query = new URL(req.url).searchParams;
        const mid = midOf(query);
        if (mid === null) return refuse(R.badMid);
        return authenticate(mid, query, false) ?? lookup(decodeURIComponent(txMatch[1]!), query, base);
      }
      const receiptMatch = /^\/receipt\/([^/]+)$/.exec(path);
      if (receiptMatch) return receiptPage(await ledger.findTx(decodeURIComponent(receiptMatch[1]!)));
    }
    return new Response(JSON.stringify({ resultCd: R.noRoute.code, resultMsg: R.noRoute.msg }), { status: 404, headers: jsonHeaders });
  }

  return {
    provider: 'jtnet',
    async handle(req) {
      let reply: Reply | Response;
      try {
        reply = await route(req);
      } catch {
        // Like a real server: a bug answers 500 (and is then a bad_response to the connector).
        return new Response('Internal Server Error', { status: 500 });
      }
      if (reply instanceof Response) return reply;
      if (reply.kind === 'garbage') return new Response('<html><body>500 Internal Server Error\u0000\u00ff#@!</body></html>', { status: 500, headers: { 'content-type': 'text/html' } });
      if (reply.delayMs) await sleep(reply.delayMs);
      return new Response(JSON.stringify(reply.body), { status: 200, headers: jsonHeaders });
    },
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: (tid, want) => depositVbank(windowDeps, () => ledger.findTx(tid), want),
  };
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };
