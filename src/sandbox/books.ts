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
  return {
    findTx,
    /** The latest transaction for an order number of this MID. */
    async findOrder(mid: string, orderId: string): Promise<T | undefined> {
      const tid = await store.get<string>(orderRecord(mid, orderId));
      return tid === undefined ? undefined : findTx(tid);
    },
    addTx: (tx: T): Promise<void> => store.setMany([[`tx:${tx.tid}`, tx], [orderRecord(tx.mid, orderOf(tx)), tx.tid]]),
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
        if (await store.claim(`id:${tx.tid}`, true, [[`tx:${tx.tid}`, tx], [orderRecord(tx.mid, orderOf(tx)), tx.tid]])) return tx;
      }
    },
    updateTx: (tx: T) => store.set(`tx:${tx.tid}`, tx),
  };
}

export function sandboxBooks(store: SimulatorStore) {
  const index = txIndex<BookTx>(store, (tx) => tx.orderId);
  return {
    ...index,
    findKey: (key: string) => store.get<BookKey>(`billkey:${key}`),
    /** The latest transaction of an order and a billing key, read together. */
    async findOrderAndKey(mid: string, orderId: string, key: string): Promise<{ tx: BookTx | undefined; key: BookKey | undefined }> {
      const [tid, k] = await store.getMany([orderRecord(mid, orderId), `billkey:${key}`]);
      return { tx: typeof tid === 'string' ? await index.findTx(tid) : undefined, key: (k ?? undefined) as BookKey | undefined };
    },
    addKey: (k: BookKey) => store.set(`billkey:${k.key}`, k),
    /** The merchant deleted the key: it charges no more (findKey answers nothing). */
    removeKey: (key: string): Promise<void> => (store.delete ? store.delete(`billkey:${key}`) : store.set(`billkey:${key}`, null)),
    /** The approval a window got, so asking again answers the same. */
    windowAnswer: <T>(sid: string) => store.get<T>(`window-answer:${sid}`),
    keepWindowAnswer: (sid: string, answer: unknown) => store.set(`window-answer:${sid}`, answer),
  };
}

export type SandboxBooks = ReturnType<typeof sandboxBooks>;
