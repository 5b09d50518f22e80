/**
 * `/api/window/approve`: turns an authenticated JTNet window into the PG's transaction, once. The
 * first answer is kept with the session, so asking again (a retry after a timeout) answers the same
 * and charges nothing more. Card outcomes come from the shared test cards, as for key-in charges.
 */
import { randomHex } from '../simulator.ts';
import { chargeOutcome, issueOutcome, windowSessions, type WindowAuth, type WindowSession } from '../window-session.ts';
import type { CardOutcome, DeclineReason } from '../test-cards.ts';
import { jtnetCardFacts, type TxRecord, type WindowFacts } from './ledger.ts';
import { jtnetResults as R, jtnetPaths } from './wire.ts';
import type { JtnetWindowDeps } from './window.ts';
import { jtnetPayMethods, jtnetWindowResults as W } from './window-wire.ts';

type Body = Record<string, string>;
type Authenticated = Extract<WindowAuth, { result: 'authenticated' }>;
export type ApproveAnswer = { kind: 'json'; body: Body; delayMs: number } | { kind: 'garbage' };

const declineResults: Record<DeclineReason, { code: string; msg: string }> = {
  insufficient_funds: R.insufficientFunds, limit_exceeded: R.limitExceeded, expired: R.expiredCard,
  lost_or_stolen: R.lostOrStolen, generic: R.genericDecline,
};

export async function approveWindow(d: JtnetWindowDeps, sessions: ReturnType<typeof windowSessions>, s: WindowSession, base: string): Promise<ApproveAnswer> {
  const answerKey = `window-answer:${s.id}`;
  const first = await d.exclusive(async (): Promise<ApproveAnswer> => {
    const kept = await d.store.get<Body>(answerKey);
    if (kept) return { kind: 'json', body: kept, delayMs: 0 };
    const answer = await decide(d, s, base);
    if (answer.kind === 'json') {
      await d.store.set(answerKey, answer.body);
      if (answer.body.tid) await sessions.save({ ...s, tid: answer.body.tid });
    }
    return answer;
  });
  return first;
}

async function decide(d: JtnetWindowDeps, s: WindowSession, base: string): Promise<ApproveAnswer> {
  const a = s.auth!;
  if (a.result === 'cancelled') return reply({ resultCd: W.userCancelled.code, resultMsg: W.userCancelled.msg });
  if (a.result === 'declined') return reply({ resultCd: W.authDeclined.code, resultMsg: a.message });
  return decideAuthenticated(d, s, a, base);
}

async function decideAuthenticated(d: JtnetWindowDeps, s: WindowSession, a: Authenticated, base: string): Promise<ApproveAnswer> {
  const at = d.now();
  const head = { moid: s.orderId, amt: String(s.amount), payMethod: jtnetPayMethods[a.method], authDate: d.stamp(at) };

  async function record(resultCd: string, resultMsg: string, paid: boolean, facts: Partial<TxRecord> & { window: WindowFacts | undefined }): Promise<TxRecord> {
    const tx: TxRecord = {
      tid: await d.newId(s.mid, '01'), mid: s.mid, moid: s.orderId, amt: s.amount, taxFreeAmt: s.taxFree,
      remainAmt: paid ? s.amount : 0, remainTaxFree: paid ? s.taxFree : 0, resultCd, resultMsg,
      authCd: paid || a.method === 'vbank' ? randomHex(d.random, 4).toUpperCase() : null, authDate: d.stamp(at),
      cardQuota: String(a.card?.quota ?? 0).padStart(2, '0'), card: a.card ? jtnetCardFacts(a.card) : null, cancels: [], createdAt: at, ...facts,
    };
    await d.ledger.addTx(tx);
    if (paid) d.charges.record(s.orderId);
    return tx;
  }
  const windowFacts = (over: Partial<WindowFacts> = {}): WindowFacts => ({ payMethod: a.method, bank: null, vbank: null, notifyUrl: s.notifyUrl, ...over });
  const receipt = (tx: TxRecord) => ({ tid: tx.tid, authCd: tx.authCd ?? '', receiptUrl: base + jtnetPaths.receipt(tx.tid) });

  if (a.method === 'trans') {
    const tx = await record(W.transferApproved.code, W.transferApproved.msg, true, { window: windowFacts({ bank: a.bank }) });
    return reply({ resultCd: tx.resultCd, resultMsg: tx.resultMsg, ...head, ...receipt(tx), bankCd: a.bank!.code, bankNm: a.bank!.name }, a.delayMs);
  }
  if (a.method === 'phone') {
    const tx = await record(W.phoneApproved.code, W.phoneApproved.msg, true, { window: windowFacts() });
    return reply({ resultCd: tx.resultCd, resultMsg: tx.resultMsg, ...head, ...receipt(tx) }, a.delayMs);
  }
  if (a.method === 'vbank') {
    const v = a.vbank!;
    const tx = await record(W.vbankIssued.code, W.vbankIssued.msg, false, { window: windowFacts({ vbank: { ...v, paidAt: null } }) });
    return reply({
      resultCd: tx.resultCd, resultMsg: tx.resultMsg, ...head, tid: tx.tid,
      vbankBankCd: v.code, vbankBankNm: v.name, vbankNum: v.num, vbankHolder: v.holder, vbankExpDate: String(v.due),
    }, a.delayMs);
  }

  const card = a.card!;
  const cardBody = { ...jtnetCardFacts(card), cardQuota: String(card.quota).padStart(2, '0') };
  /** A card charge of this window: recorded approved or declined, like key-in. */
  async function charge(outcome: CardOutcome): Promise<{ tx: TxRecord; ok: boolean } | 'garbage' | 'invalid'> {
    if (outcome.kind === 'invalid') return 'invalid';
    if (outcome.kind === 'pg_error') return 'garbage';
    const ok = outcome.kind === 'approve' || outcome.kind === 'pg_timeout';
    const r = outcome.kind === 'decline' ? declineResults[outcome.reason] : R.approved;
    return { tx: await record(r.code, r.msg, ok, { window: windowFacts() }), ok };
  }
  const delayOf = (o: CardOutcome): number => (o.kind === 'pg_timeout' ? d.timeoutDelayMs : a.delayMs);

  if (!s.billing) {
    const outcome = chargeOutcome(card, at);
    const c = await charge(outcome);
    if (c === 'garbage') return { kind: 'garbage' };
    if (c === 'invalid') return reply({ resultCd: R.badCardNo.code, resultMsg: R.badCardNo.msg });
    return reply({ resultCd: c.tx.resultCd, resultMsg: c.tx.resultMsg, ...head, ...cardBody, ...(c.ok ? receipt(c.tx) : { tid: c.tx.tid }) }, delayOf(outcome));
  }

  // Billing window: issue the key; with amt > 0 also charge it (SEED 003).
  const issuance = issueOutcome(card, at);
  if (issuance.kind === 'invalid') return reply({ resultCd: R.badCardNo.code, resultMsg: R.badCardNo.msg });
  if (issuance.kind === 'decline') return reply({ resultCd: declineResults[issuance.reason].code, resultMsg: declineResults[issuance.reason].msg });
  const billKey = `BK${randomHex(d.random, 15)}`;
  await d.ledger.addBillKey({ billKey, mid: s.mid, card: jtnetCardFacts(card), profile: card.profile, expiry: card.expiry, issuedAt: at });
  const issued = { resultCd: W.billKeyIssued.code, resultMsg: W.billKeyIssued.msg, ...head, ...cardBody, billKey, buyerEmail: s.buyer.email };
  if (s.amount === 0) return reply(issued, a.delayMs);
  const outcome = chargeOutcome(card, at);
  const c = await charge(outcome);
  if (c === 'garbage') return { kind: 'garbage' };
  if (c === 'invalid') return reply({ ...issued, payResultCd: R.badCardNo.code, payResultMsg: R.badCardNo.msg });
  return reply({ ...issued, payResultCd: c.tx.resultCd, payResultMsg: c.tx.resultMsg, ...(c.ok ? receipt(c.tx) : { tid: c.tx.tid }) }, delayOf(outcome));
}

const reply = (body: Body, delayMs = 0): ApproveAnswer => ({ kind: 'json', body, delayMs });
