/**
 * The sandbox tPay server API under `/api/v1/` (wire.ts): form fields in, JSON strings out. Callers
 * authenticate with the MID's `api_key`, cancels also with `cancel_pw`. Card fates come from the
 * shared test cards; the books and their rules (charge an order once, cancel against the balance)
 * are the shared operations.ts. A repeated approved `moid` answers its first approval (openimp's
 * choice, the way a caller that lost an answer learns it: docs/pgs/jtnet-fake.md).
 */
import { maskCardNumber } from '../../core/card.ts';
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { RandomBytes } from '../../core/ids.ts';
import type { BookTx, SandboxBooks } from '../books.ts';
import type { Charged, SandboxOperations } from '../operations.ts';
import { cardCompanyOf, cardOutcome, classifyCard, issuanceOutcome } from '../test-cards.ts';
import { issuedAccount } from '../vbank-issue.ts';
import { ediDateOf } from './crypto.ts';
import { kstDate, kstDeadline } from './window.ts';
import { jtnetApiCodes as C, jtnetDeclines, jtnetPaths as P, jtnetPayMethods, jtnetWindowCodes as W } from './wire.ts';

export type ApiBody = Record<string, string>;
export type ApiReply = { body: ApiBody; delayMs: number } | 'garbage';

export type JtnetApiDeps = {
  books: SandboxBooks;
  ops: SandboxOperations;
  now: () => number;
  random: RandomBytes;
  newKey: () => string;
  /** The MID's registered credentials, or its published test ones. */
  credentials: (mid: string) => { apiKey: string; cancelPw: string };
  sameSecret: (given: string | null, expected: string) => boolean;
};

const answer = (body: ApiBody, delayMs = 0): ApiReply => ({ body, delayMs });
const refuse = (r: { code: string; msg: string }, more: ApiBody = {}): ApiReply => answer({ result_cd: r.code, result_msg: r.msg, ...more });
const amountPattern = /^[1-9][0-9]{0,11}$/;

type Card = { number: string; expiry: { year: number; month: number } };

/** `card_num` and `card_exp` (YYMM), or the refusal. */
function readCard(f: URLSearchParams): Card | ApiReply {
  const number = (f.get('card_num') ?? '').replace(/-/g, '');
  if (!/^[0-9]{13,19}$/.test(number)) return refuse(C.badCardNo);
  const m = /^([0-9]{2})(0[1-9]|1[0-2])$/.exec(f.get('card_exp') ?? '');
  if (!m) return refuse(C.badExpiry);
  return { number, expiry: { year: 2000 + Number(m[1]), month: Number(m[2]) } };
}

const isCard = (v: Card | ApiReply): v is Card => typeof v === 'object' && 'number' in v;

/** An approval (key-in or key charge) as the API answers it. */
function chargeAnswer(c: Charged): ApiReply {
  if (c.kind === 'garbage') return 'garbage';
  if (c.kind === 'invalid') return refuse(C.badCardNo);
  const tx = c.tx;
  if (c.kind === 'declined') return answer({ result_cd: jtnetDeclines[c.reason].code, result_msg: jtnetDeclines[c.reason].msg, tid: tx.tid, moid: tx.orderId }, c.delayMs);
  return answer({
    result_cd: C.ok.code, result_msg: C.ok.msg, tid: tx.tid, moid: tx.orderId, paid_amt: String(tx.amount),
    app_no: tx.authCode ?? '', app_co: tx.card?.code ?? '', app_co_name: tx.card?.name ?? '',
  }, c.delayMs);
}

const payMethodOf = (tx: BookTx): string => (tx.method === 'key' ? jtnetPayMethods.card : jtnetPayMethods[tx.method]);

export function jtnetApi(d: JtnetApiDeps) {
  /** `amt`, `moid` and `card_quota` of a charge, or the refusal. */
  function readOrder(f: URLSearchParams): { moid: string; amount: number; quota: number } | ApiReply {
    const moid = f.get('moid') ?? '';
    if (moid === '' || moid.length > 64) return refuse(C.badParam);
    if (!amountPattern.test(f.get('amt') ?? '')) return refuse(C.badAmount);
    const amount = Number(f.get('amt'));
    const quotaText = f.get('card_quota') || '00';
    if (!/^[0-9]{2}$/.test(quotaText) || Number(quotaText) > 36 || Number(quotaText) === 1) return refuse(C.badQuota);
    if (Number(quotaText) >= 2 && amount < MIN_INSTALMENT_KRW) return refuse(C.badQuota);
    return { moid, amount, quota: Number(quotaText) };
  }
  const isOrder = (v: { moid: string; amount: number; quota: number } | ApiReply): v is { moid: string; amount: number; quota: number } => typeof v === 'object' && 'moid' in v;

  async function keyin(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const o = readOrder(f);
    if (!isOrder(o)) return o;
    const card = readCard(f);
    if (!isCard(card)) return card;
    const company = cardCompanyOf(card.number);
    const facts = { card: { code: company.code, name: company.name, number: maskCardNumber(card.number), type: company.type }, quota: o.quota };
    return d.ops.forOrder(mid, o.moid, async () => {
      const existing = await d.books.findOrder(mid, o.moid);
      if (existing?.state === 'paid') return existing.amount === o.amount ? chargeAnswer({ kind: 'paid', tx: existing, delayMs: 0 }) : refuse(C.duplicateOrder);
      const order = { mid, orderId: o.moid, amount: o.amount, currency: 'KRW' as const, taxFree: 0, buyerEmail: f.get('buyer_email') || null };
      return chargeAnswer(await d.ops.charge(order, cardOutcome(card.number, card.expiry, d.now()), facts, 0));
    });
  }

  async function genBillkey(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const card = readCard(f);
    if (!isCard(card)) return card;
    // card_pwd: the first 2 digits of the card password; buyer_auth_num: birth date (YYMMDD) or business number (10 digits).
    if (!/^[0-9]{2}$/.test(f.get('card_pwd') ?? '') || !/^([0-9]{6}|[0-9]{10})$/.test(f.get('buyer_auth_num') ?? '')) return refuse(C.badCardAuth);
    const outcome = issuanceOutcome(cardOutcome(card.number, card.expiry, d.now()));
    if (outcome.kind === 'invalid') return refuse(C.badCardNo);
    if (outcome.kind === 'decline') return refuse(jtnetDeclines[outcome.reason]);
    const company = cardCompanyOf(card.number);
    const key = d.newKey();
    const masked = maskCardNumber(card.number);
    await d.books.addKey({
      key, mid, card: { code: company.code, name: company.name, number: masked, type: company.type },
      profile: classifyCard(card.number), expiry: card.expiry, buyerEmail: null, issuedAt: d.now(),
    });
    return answer({ result_cd: C.ok.code, result_msg: C.ok.msg, card_token: key, card_num: masked, card_code: company.code, card_name: company.name });
  }

  async function paymentsToken(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const o = readOrder(f);
    if (!isOrder(o)) return o;
    const r = await d.ops.chargeKey({ mid, orderId: o.moid, amount: o.amount, currency: 'KRW', taxFree: 0, buyerEmail: f.get('buyer_email') || null, key: f.get('card_token') ?? '', quota: o.quota });
    if (r.kind === 'duplicate') return refuse(C.duplicateOrder);
    if (r.kind === 'unknown_key' || r.kind === 'refused') return refuse(C.unknownToken);
    return chargeAnswer(r);
  }

  async function delBillkey(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const token = f.get('card_token') ?? '';
    const k = token === '' ? undefined : await d.books.findKey(token);
    if (!k || k.mid !== mid) return refuse(C.unknownToken);
    await d.books.removeKey(token);
    return answer({ result_cd: C.ok.code, result_msg: C.ok.msg, card_token: token });
  }

  async function refunds(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const partial = f.get('partial_cancel') ?? '0';
    if (partial !== '0' && partial !== '1') return refuse(C.badParam);
    const tid = f.get('tid') ?? '';
    const moid = f.get('moid') ?? '';
    if (tid === '' && moid === '') return refuse(C.badParam);
    // The tid names the transaction; without one, the MID's latest transaction of that moid.
    const tx = tid !== '' ? await d.books.findTx(tid) : await d.books.findOrder(mid, moid);
    if (!tx || tx.mid !== mid || (tid !== '' && moid !== '' && tx.orderId !== moid)) return refuse(C.noTransaction);
    const amtText = f.get('cancel_amt') ?? '';
    // A full cancel without an amount cancels the balance.
    if (!(amountPattern.test(amtText) || (amtText === '' && partial === '0'))) return refuse(C.badAmount);
    const amount = amtText === '' ? tx.remain : Number(amtText);
    const r = await d.ops.cancel(mid, { tid: tx.tid }, amount, 0, { fullOnly: partial === '0' });
    const ids = { tid: tx.tid, moid: tx.orderId, PayMethod: payMethodOf(tx) };
    if (r.kind === 'refused') {
      const why = { no_tx: C.noTransaction, not_paid: C.notApproved, nothing_left: C.alreadyCancelled, over: C.overCancel, not_full: C.notFullBalance, tax_free: C.badAmount }[r.why];
      return refuse(why, r.why === 'nothing_left' ? ids : {});
    }
    const stamp = ediDateOf(r.cancel.at);
    return answer({ result_cd: C.cancelled.code, result_msg: C.cancelled.msg, ...ids, CancelDate: stamp.slice(0, 8), CancelTime: stamp.slice(8) });
  }

  async function resultConfirm(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const tx = await d.books.findTx(f.get('tid') ?? '');
    if (!tx || tx.mid !== mid) return refuse(C.noTransaction);
    return answer({ result_cd: C.ok.code, result_msg: C.ok.msg, tid: tx.tid });
  }

  /** openimp's REST vbank: mid, api_key, moid, amt, bank_code, vbank_exp_date, vbank_holder?, buyer_email?, retry_url. */
  async function vbankIssue(mid: string, f: URLSearchParams): Promise<ApiReply> {
    const moid = f.get('moid') ?? '';
    if (moid === '' || moid.length > 64 || !/^https?:\/\/\S+$/.test(f.get('retry_url') ?? '')) return refuse(C.badParam);
    if (!amountPattern.test(f.get('amt') ?? '')) return refuse(C.badAmount);
    const due = kstDeadline(f.get('vbank_exp_date') ?? '');
    if (due === null || due <= d.now()) return refuse(C.badParam);
    const account = issuedAccount(d.random, f.get('bank_code') ?? '', f.get('vbank_holder') || 'JTNet 샌드박스', due);
    if (!account) return refuse(C.badParam);
    const order = { mid, orderId: moid, amount: Number(f.get('amt')), currency: 'KRW' as const, taxFree: 0, buyerEmail: f.get('buyer_email') || null };
    const r = await d.ops.issueVbank(order, account, f.get('retry_url')!);
    if (r.kind === 'duplicate') return refuse(C.duplicateOrder);
    return answer({
      result_cd: W.vbankIssued.code, result_msg: W.vbankIssued.msg, tid: r.tx.tid, moid, amt: String(r.tx.amount),
      bank_code: account.code, bank_name: account.name, vbank_num: account.num, vbank_holder: account.holder, vbank_exp_date: kstDate(due),
    });
  }

  const handlers: Record<string, (mid: string, f: URLSearchParams) => Promise<ApiReply>> = {
    [P.keyin]: keyin, [P.genBillkey]: genBillkey, [P.paymentsToken]: paymentsToken, [P.delBillkey]: delBillkey,
    [P.refunds]: refunds, [P.apiResultConfirm]: resultConfirm, [P.vbankIssue]: vbankIssue,
  };

  /** An `/api/v1/` call, or null when the path is none of them. */
  return async function api(path: string, f: URLSearchParams): Promise<ApiReply | null> {
    const handler = handlers[path];
    if (!handler) return null;
    const mid = f.get('mid') ?? '';
    if (!/^[A-Za-z0-9_]{4,20}$/.test(mid)) return refuse(C.badMid);
    const creds = d.credentials(mid);
    if (!d.sameSecret(f.get('api_key'), creds.apiKey)) return refuse(C.badApiKey);
    if (path === P.refunds && !d.sameSecret(f.get('cancel_pw'), creds.cancelPw)) return refuse(C.badCancelPw);
    return handler(mid, f);
  };
}
