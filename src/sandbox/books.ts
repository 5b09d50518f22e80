/**
 * A sandbox PG's own books in PG-neutral terms, for the simulators built on the shared window
 * (PAYCO, KICC, Paymentwall): transactions with their balance, the order index, billing keys, and
 * the one-answer-per-window record. Each simulator maps these to its wire. Nothing here holds a full
 * card number: cards are masked and keys keep the test-card outcome (ARCHITECTURE rule 12).
 */
import type { Currency } from '../core/money.ts';
import type { SimulatorStore } from './contract.ts';
import type { AuthCard, AuthVbank, WindowMethod } from './window-session.ts';
import type { CardOutcome } from './test-cards.ts';

export type BookCard = { code: string; name: string; number: string; type: 0 | 1 };
/** `requestId`: the merchant's id for the cancel, where the PG's protocol takes one (KICC shopTransactionId). */
export type BookCancel = { cancelTid: string; amount: number; taxFree: number; at: number; state: 'done' | 'pending'; requestId?: string };

export type BookTx = {
  tid: string;
  mid: string;
  orderId: string;
  amount: number; // minor units
  currency: Currency;
  taxFree: number;
  remain: number;
  remainTaxFree: number;
  /** `awaiting_deposit`: an issued virtual account; `paid` once money moved. */
  state: 'paid' | 'declined' | 'awaiting_deposit';
  /** The PG-neutral reason of a decline (test-cards.ts), for the PG's own code. */
  declineReason: string | null;
  authCode: string | null;
  at: number;
  /** `key` = a charge of a billing key (API), otherwise the window's method. */
  method: WindowMethod | 'key';
  /** Wallet-style method inside the window (Paymentwall `kakaopaykr`), if any. */
  wallet: string | null;
  card: BookCard | null;
  quota: number;
  bank: { code: string; name: string } | null;
  vbank: (AuthVbank & { paidAt: number | null }) | null;
  notifyUrl: string | null;
  buyerEmail: string | null;
  escrow: boolean;
  cancels: BookCancel[];
};

export type BookKey = {
  key: string;
  /** Keys belong to the MID / project that issued them. */
  mid: string;
  card: BookCard;
  profile: CardOutcome;
  expiry: { year: number; month: number };
  buyerEmail: string | null;
  issuedAt: number;
};

export const bookCard = (c: AuthCard): BookCard => ({ code: c.code, name: c.name, number: c.number, type: c.type });

/** The record naming an order's latest tid. */
const orderRecord = (mid: string, orderId: string): string => `order:${mid}:${orderId}`;

/**
 * Transactions by tid plus the index from (MID, order number) to the latest tid: the key layout every
 * simulator's books share. `orderOf` names the PG's order-number field.
 */
export function txIndex<T extends { tid: string; mid: string }>(store: SimulatorStore, orderOf: (tx: T) => string) {
  const findTx = (tid: string) => store.get<T>(`tx:${tid}`);
  const txEntries = (tx: T): [string, unknown][] => [[`tx:${tx.tid}`, tx], [orderRecord(tx.mid, orderOf(tx)), tx.tid]];
  return {
    findTx,
    /** The latest transaction for an order number of this MID. */
    async findOrder(mid: string, orderId: string): Promise<T | undefined> {
      const tid = await store.get<string>(orderRecord(mid, orderId));
      return tid === undefined ? undefined : findTx(tid);
    },
    addTx: (tx: T): Promise<void> => store.setMany(txEntries(tx)),
    /** A fresh id (tid or cancel tid) from `draw`, drawn again while taken: ids are random and never repeat. */
    async newId(draw: () => string): Promise<string> {
      for (;;) {
        const id = draw();
        if (await store.claim(`id:${id}`, true)) return id;
      }
    },
    /**
     * Records a new transaction under a fresh tid in one write: `build` gets a tid from `drawTid`, and
     * is asked again with another one while that tid is taken (the `id:` keys newId claims as well).
     */
    async addNewTx(drawTid: () => string, build: (tid: string) => T): Promise<T> {
      for (;;) {
        const tx = build(drawTid());
        if (await store.claim(`id:${tx.tid}`, true, txEntries(tx))) return tx;
      }
    },
    /**
     * addNewTx only while the order has no transaction yet and every `expect` holds (SimulatorStore.claimIf),
     * checked in the same write; null when one did not (nothing written).
     */
    async addFirstTx(drawTid: () => string, build: (tid: string) => T, expect: readonly (readonly [string, string | null])[]): Promise<T | null> {
      for (;;) {
        const tx = build(drawTid());
        const r = await store.claimIf(`id:${tx.tid}`, true, txEntries(tx), [[orderRecord(tx.mid, orderOf(tx)), null], ...expect]);
        if (r !== 'taken') return r === 'claimed' ? tx : null;
      }
    },
    updateTx: (tx: T) => store.set(`tx:${tx.tid}`, tx),
  };
}

/** How many billing keys the books keep in memory (`knownKey`); the oldest goes first. */
const KNOWN_KEYS = 10_000;

export function sandboxBooks(store: SimulatorStore) {
  const index = txIndex<BookTx>(store, (tx) => tx.orderId);
  // Keys this process issued or read, with the JSON text their record holds. Never trusted alone: a charge
  // on one checks in its own write that the record still holds that text (addFirstTxOnKey).
  const known = new Map<string, { key: BookKey; text: string }>();
  const remember = (k: BookKey): void => {
    known.delete(k.key);
    if (known.size >= KNOWN_KEYS) known.delete(known.keys().next().value!);
    known.set(k.key, { key: k, text: JSON.stringify(k) });
  };
  return {
    ...index,
    findKey: (key: string) => store.get<BookKey>(`billkey:${key}`),
    /** The latest transaction of an order and a billing key, read together. */
    async findOrderAndKey(mid: string, orderId: string, key: string): Promise<{ tx: BookTx | undefined; key: BookKey | undefined }> {
      const [tid, k] = await store.getMany([orderRecord(mid, orderId), `billkey:${key}`]);
      if (k) remember(k as BookKey);
      return { tx: typeof tid === 'string' ? await index.findTx(tid) : undefined, key: (k ?? undefined) as BookKey | undefined };
    },
    async addKey(k: BookKey): Promise<void> {
      await store.set(`billkey:${k.key}`, k);
      remember(k);
    },
    /** The merchant deleted the key: it charges no more (findKey answers nothing). */
    removeKey(key: string): Promise<void> {
      known.delete(key);
      return store.delete ? store.delete(`billkey:${key}`) : store.set(`billkey:${key}`, null);
    },
    /** A key as this process last issued or read it (it may since have been deleted elsewhere); undefined when not known. */
    knownKey: (key: string): BookKey | undefined => known.get(key)?.key,
    /**
     * addFirstTx of a charge on a key `knownKey` gave, also only while the key's record holds what this
     * process knows of it: a key deleted (or changed) through another process is not charged. null:
     * nothing written, and the key is forgotten (the caller reads the books again).
     */
    async addFirstTxOnKey(drawTid: () => string, build: (tid: string) => BookTx, key: string): Promise<BookTx | null> {
      const k = known.get(key);
      const tx = k ? await index.addFirstTx(drawTid, build, [[`billkey:${key}`, k.text]]) : null;
      if (!tx) known.delete(key);
      return tx;
    },
    /** The approval a window got, so asking again answers the same. */
    windowAnswer: <T>(sid: string) => store.get<T>(`window-answer:${sid}`),
    keepWindowAnswer: (sid: string, answer: unknown) => store.set(`window-answer:${sid}`, answer),
  };
}

export type SandboxBooks = ReturnType<typeof sandboxBooks>;
