/**
 * What a sandbox PG does, in PG-neutral terms, over `sandbox-books.ts`: approve a window once,
 * charge a billing key once per order, cancel against the balance, take a vbank deposit. Each
 * simulator turns these results into its own codes. Read-check-write steps run one at a time, so
 * concurrent requests for one order charge it once.
 */
import type { RandomBytes } from '../core/ids.ts';
import type { Currency } from '../core/money.ts';
import { type SandboxBooks, type BookCancel, type BookKey, type BookTx, bookCard } from './books.ts';
import { chargeCounter, randomHex, serialized } from './simulator.ts';
import { chargeOutcome, issueOutcome, type AuthVbank, type WindowAuth, type WindowSession } from './window-session.ts';
import type { ChosenOutcomes } from './chosen-outcomes.ts';
import { applyExpiry, chargeFate, type CardOutcome, type DeclineReason } from './test-cards.ts';

export type OpsDeps = {
  books: SandboxBooks;
  now: () => number;
  random: RandomBytes;
  charges: ReturnType<typeof chargeCounter>;
  exclusive: ReturnType<typeof serialized>;
  /** The fake PG's chosen outcomes (chosen-outcomes.ts), which every charge consults. */
  choices: ChosenOutcomes;
  timeoutDelayMs: number;
  /** A new transaction id in the PG's format (uniqueness is checked here). */
  newTid: () => string;
  newKey: () => string;
};

export type Charged =
  | { kind: 'paid'; tx: BookTx; delayMs: number }
  | { kind: 'declined'; tx: BookTx; reason: DeclineReason; delayMs: number }
  | { kind: 'invalid' }
  | { kind: 'garbage' };

export type WindowApproval =
  | { kind: 'cancelled' }
  | { kind: 'auth_declined'; message: string }
  | Charged
  | { kind: 'vbank'; tx: BookTx; delayMs: number }
  | { kind: 'key'; key: BookKey; charge: Extract<Charged, { kind: 'paid' | 'declined' }> | null; delayMs: number }
  | { kind: 'key_refused'; reason: DeclineReason | 'invalid' };

export type CancelDone =
  | { kind: 'cancelled'; tx: BookTx; cancel: BookCancel }
  | { kind: 'refused'; why: 'no_tx' | 'not_paid' | 'nothing_left' | 'over' | 'tax_free' | 'not_full' };

type Order = { mid: string; orderId: string; amount: number; currency: Currency; taxFree: number; buyerEmail: string | null };
type Authenticated = Extract<WindowAuth, { result: 'authenticated' }>;

/** The lock key of one order's steps (`exclusive.key`): a charge of it runs alone, other orders' beside it. */
const orderKey = (mid: string, orderId: string): string => `${mid}\n${orderId}`;

export function sandboxOperations(d: OpsDeps) {
  const forOrder = <T>(mid: string, orderId: string, step: () => Promise<T>): Promise<T> => d.exclusive.key(orderKey(mid, orderId), step);

  /** A new transaction of this order under tid `t`. */
  const blankTx = (o: Order, over: Partial<BookTx>, at: number) => (t: string): BookTx => ({
    tid: t, mid: o.mid, orderId: o.orderId, amount: o.amount, currency: o.currency, taxFree: o.taxFree, remain: 0, remainTaxFree: 0,
    state: 'declined' as const, declineReason: null, authCode: null, at, method: 'key' as const, wallet: null, card: null, quota: 0,
    bank: null, vbank: null, notifyUrl: null, buyerEmail: o.buyerEmail, escrow: false, cancels: [], ...over,
  });

  /** Records a new transaction under a fresh tid, claimed and written in one step. */
  const addBlankTx = (o: Order, over: Partial<BookTx>): Promise<BookTx> => d.books.addNewTx(d.newTid, blankTx(o, over, d.now()));

  type Recorded = Extract<CardOutcome, { kind: 'approve' | 'decline' | 'pg_timeout' }>;
  const records = (f: CardOutcome): f is Recorded => f.kind === 'approve' || f.kind === 'decline' || f.kind === 'pg_timeout';

  /** The transaction facts of a charge with this outcome. */
  function charged(o: Order, outcome: Recorded, facts: Partial<BookTx>): Partial<BookTx> {
    const paid = outcome.kind !== 'decline';
    return {
      ...facts, state: paid ? 'paid' : 'declined', declineReason: outcome.kind === 'decline' ? outcome.reason : null,
      remain: paid ? o.amount : 0, remainTaxFree: paid ? o.taxFree : 0, authCode: paid ? randomHex(d.random, 4).toUpperCase() : null,
    };
  }

  /** The answer of a charge recorded as `tx`. */
  function answered(outcome: Recorded, tx: BookTx, delayMs: number): Charged {
    if (outcome.kind !== 'decline') d.charges.record(tx.orderId);
    const delay = outcome.kind === 'pg_timeout' ? d.timeoutDelayMs : delayMs;
    return outcome.kind === 'decline' ? { kind: 'declined', tx, reason: outcome.reason, delayMs: delay } : { kind: 'paid', tx, delayMs: delay };
  }

  /** Records a card charge from its test-card outcome, or the one chosen for it (shared by window cards and key charges). */
  async function charge(o: Order, cardFate: CardOutcome, facts: Partial<BookTx>, delayMs: number): Promise<Charged> {
    const outcome = chargeFate(cardFate, { mid: o.mid, orderId: o.orderId }, d.choices);
    if (outcome.kind === 'invalid') return { kind: 'invalid' };
    if (outcome.kind === 'pg_error') return { kind: 'garbage' };
    return answered(outcome, await addBlankTx(o, charged(o, outcome, facts)), delayMs);
  }

  /**
   * A billing-key charge in ONE write (the common case: a new order on a key this process knows): that the
   * order has no transaction and the key's record is unchanged is checked in the write itself. null when
   * it does not apply or a check failed, with nothing written or used up: the caller reads and decides.
   */
  async function chargeKnownKey(o: Order & { key: string; quota: number }, check?: (k: BookKey) => string | null): Promise<Charged | null> {
    const k = d.books.knownKey(o.key);
    if (!k || k.mid !== o.mid || (check?.(k) ?? null) !== null || d.choices.has({ mid: o.mid, orderId: o.orderId })) return null;
    const outcome = applyExpiry(k.profile, k.expiry, d.now());
    if (!records(outcome)) return null;
    const tx = await d.books.addFirstTxOnKey(d.newTid, blankTx(o, charged(o, outcome, { card: k.card, quota: o.quota }), d.now()), o.key);
    return tx && answered(outcome, tx, 0);
  }

  async function approveAuthenticated(s: WindowSession, a: Authenticated, billingCharges: boolean): Promise<WindowApproval> {
    const o: Order = { mid: s.mid, orderId: s.orderId, amount: s.amount, currency: s.currency, taxFree: s.taxFree, buyerEmail: s.buyer.email || null };
    const facts: Partial<BookTx> = { method: a.method, wallet: a.wallet?.code ?? null, notifyUrl: s.notifyUrl, escrow: s.extra.escrow === '1' };
    const at = d.now();
    if (a.method === 'vbank') {
      const tx = await addBlankTx(o, { ...facts, state: 'awaiting_deposit', vbank: { ...a.vbank!, paidAt: null }, authCode: randomHex(d.random, 4).toUpperCase() });
      return { kind: 'vbank', tx, delayMs: a.delayMs };
    }
    if (a.method !== 'card' || a.wallet) {
      const tx = await addBlankTx(o, { ...facts, state: 'paid', remain: o.amount, remainTaxFree: o.taxFree, bank: a.bank, authCode: randomHex(d.random, 4).toUpperCase() });
      d.charges.record(o.orderId);
      return { kind: 'paid', tx, delayMs: a.delayMs };
    }
    const card = a.card!;
    const cardFacts = { ...facts, card: bookCard(card), quota: card.quota };
    if (!s.billing) return charge(o, chargeOutcome(card, at), cardFacts, a.delayMs);
    const issued = issueOutcome(card, at);
    if (issued.kind === 'invalid') return { kind: 'key_refused', reason: 'invalid' };
    if (issued.kind === 'decline') return { kind: 'key_refused', reason: issued.reason };
    const key: BookKey = { key: d.newKey(), mid: s.mid, card: bookCard(card), profile: card.profile, expiry: card.expiry, buyerEmail: o.buyerEmail, issuedAt: at };
    await d.books.addKey(key);
    if (!billingCharges) return { kind: 'key', key, charge: null, delayMs: a.delayMs };
    const c = await charge(o, chargeOutcome(card, at), { ...cardFacts, method: 'card' }, a.delayMs);
    if (c.kind === 'garbage' || c.kind === 'invalid') return c;
    return { kind: 'key', key, charge: c, delayMs: c.delayMs };
  }

  return {
    charge,
    /** Runs a read-check-charge of one order (a PG's own key-in charge) as chargeKey runs its own. */
    forOrder,

    /** The window's approval, once: a repeat answers the first result (without its delay). */
    approveWindow(s: WindowSession, billingCharges: (s: WindowSession) => boolean): Promise<WindowApproval> {
      return d.exclusive(async () => {
        const kept = await d.books.windowAnswer<WindowApproval>(s.id);
        if (kept) return 'delayMs' in kept ? { ...kept, delayMs: 0 } : kept;
        const a = s.auth!;
        const answer: WindowApproval = a.result === 'cancelled' ? { kind: 'cancelled' }
          : a.result === 'declined' ? { kind: 'auth_declined', message: a.message }
          : await approveAuthenticated(s, a, billingCharges(s));
        if (answer.kind !== 'garbage') await d.books.keepWindowAnswer(s.id, answer);
        return answer;
      });
    },

    /** A billing-key charge; the same order again answers its first approval. */
    chargeKey(o: Order & { key: string; quota: number }, check?: (k: BookKey) => string | null): Promise<Charged | { kind: 'duplicate' } | { kind: 'unknown_key' } | { kind: 'refused'; why: string }> {
      return forOrder(o.mid, o.orderId, async () => {
        const once = await chargeKnownKey(o, check);
        if (once) return once;
        const { tx: existing, key: k } = await d.books.findOrderAndKey(o.mid, o.orderId, o.key);
        if (existing?.state === 'paid') return existing.amount === o.amount ? { kind: 'paid' as const, tx: existing, delayMs: 0 } : { kind: 'duplicate' as const };
        if (!k || k.mid !== o.mid) return { kind: 'unknown_key' as const };
        const why = check?.(k) ?? null;
        if (why !== null) return { kind: 'refused' as const, why };
        return charge(o, applyExpiry(k.profile, k.expiry, d.now()), { card: k.card, quota: o.quota }, 0);
      });
    },

    /**
     * Cancels part or all of the balance; `fullOnly` refuses anything but the whole balance. A
     * `requestId` already used on this transaction answers that cancel again (the PG's idempotency).
     */
    cancel(mid: string, tidOrOrder: { tid: string } | { orderId: string }, amount: number, taxFree: number, opts: { pending?: boolean; fullOnly?: boolean; requestId?: string } = {}): Promise<CancelDone> {
      return d.exclusive(async () => {
        const tx = 'tid' in tidOrOrder ? await d.books.findTx(tidOrOrder.tid) : await d.books.findOrder(mid, tidOrOrder.orderId);
        if (!tx || tx.mid !== mid) return { kind: 'refused' as const, why: 'no_tx' as const };
        const repeated = opts.requestId ? tx.cancels.find((c) => c.requestId === opts.requestId) : undefined;
        if (repeated) return { kind: 'cancelled' as const, tx, cancel: repeated };
        if (tx.state !== 'paid' && !(tx.vbank?.paidAt)) return { kind: 'refused' as const, why: 'not_paid' as const };
        if (tx.remain === 0) return { kind: 'refused' as const, why: 'nothing_left' as const };
        if (amount <= 0 || amount > tx.remain) return { kind: 'refused' as const, why: 'over' as const };
        if (opts.fullOnly && amount !== tx.remain) return { kind: 'refused' as const, why: 'not_full' as const };
        if (taxFree > amount || taxFree > tx.remainTaxFree) return { kind: 'refused' as const, why: 'tax_free' as const };
        const cancel: BookCancel = {
          cancelTid: await d.books.newId(d.newTid), amount, taxFree, at: d.now(), state: opts.pending ? 'pending' : 'done', ...(opts.requestId ? { requestId: opts.requestId } : {}),
        };
        tx.remain -= amount;
        tx.remainTaxFree -= taxFree;
        tx.cancels.push(cancel);
        await d.books.updateTx(tx);
        return { kind: 'cancelled' as const, tx, cancel };
      });
    },

    /**
     * A virtual account issued through the API (openimp's REST vbank, vbank-issue.ts). The same order
     * asked again with the same amount and bank answers the account already issued (how a caller whose
     * answer was lost learns it, without a second account); any other request for an order already
     * issued or paid is refused.
     */
    issueVbank(o: Order, vbank: AuthVbank, notifyUrl: string): Promise<{ kind: 'issued'; tx: BookTx } | { kind: 'duplicate' }> {
      return d.exclusive(async () => {
        const existing = await d.books.findOrder(o.mid, o.orderId);
        if (existing?.state === 'awaiting_deposit' && existing.vbank && existing.amount === o.amount && existing.vbank.code === vbank.code) return { kind: 'issued' as const, tx: existing };
        if (existing && existing.state !== 'declined') return { kind: 'duplicate' as const };
        const tx = await addBlankTx(o, { method: 'vbank', state: 'awaiting_deposit', vbank: { ...vbank, paidAt: null }, notifyUrl, authCode: randomHex(d.random, 4).toUpperCase() });
        return { kind: 'issued' as const, tx };
      });
    },

    /** Marks an issued virtual account paid, for the amount it was issued for (vbank-issue.ts). */
    deposit(find: () => Promise<BookTx | undefined>): Promise<{ kind: 'paid'; tx: BookTx } | { kind: 'none' } | { kind: 'expired' }> {
      return d.exclusive(async () => {
        const tx = await find();
        if (!tx || tx.state !== 'awaiting_deposit' || !tx.vbank) return { kind: 'none' as const };
        if (d.now() > tx.vbank.due) return { kind: 'expired' as const };
        tx.vbank.paidAt = d.now();
        tx.state = 'paid';
        tx.remain = tx.amount;
        tx.remainTaxFree = tx.taxFree;
        await d.books.updateTx(tx);
        d.charges.record(tx.orderId);
        return { kind: 'paid' as const, tx };
      });
    },
  };
}

export type SandboxOperations = ReturnType<typeof sandboxOperations>;
