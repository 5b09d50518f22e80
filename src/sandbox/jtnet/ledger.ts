/**
 * The simulated JTNet's own books, kept in the SimulatorStore: transactions with their remaining
 * balance, the order-number index, and billing keys. Records hold only what a PG needs and never a
 * full card number: a billing key keeps the card's test-card outcome and expiry instead, which is all
 * the sandbox needs to charge it later (ARCHITECTURE rule 12 covers the sandbox store too).
 */
import type { SimulatorStore } from '../contract.ts';
import { txIndex } from '../books.ts';
import type { AuthCard } from '../window-session.ts';
import type { CardOutcome } from '../test-cards.ts';
import { jtnetResults } from './wire.ts';
import { jtnetWindowResults } from './window-wire.ts';

/** Card facts as JTNet reports them; `cardNo` is masked. */
export type JtnetCard = { cardCd: string; cardNm: string; cardNo: string; cardType: '0' | '1' };

export const jtnetCardFacts = (c: AuthCard): JtnetCard => ({ cardCd: c.code, cardNm: c.name, cardNo: c.number, cardType: c.type === 1 ? '1' : '0' });

export type CancelRecord = { cancelTid: string; amt: number; taxFreeAmt: number; at: number };

export type TxRecord = {
  tid: string;
  mid: string;
  moid: string;
  /** KRW; integers throughout. */
  amt: number;
  taxFreeAmt: number;
  remainAmt: number;
  remainTaxFree: number;
  /** The approval's result: '3001' approved, otherwise the decline code. */
  resultCd: string;
  resultMsg: string;
  authCd: string | null;
  authDate: string;
  cardQuota: string;
  /** Null for window payments by transfer, vbank or phone. */
  card: JtnetCard | null;
  cancels: CancelRecord[];
  createdAt: number;
  /** Window payments only (absent = card key-in or billing charge). */
  window?: WindowFacts;
};

/** What a window payment adds: its method, and for a vbank the account and whether it was paid. */
export type WindowFacts = {
  payMethod: 'card' | 'trans' | 'vbank' | 'phone';
  bank: { code: string; name: string } | null;
  vbank: { code: string; name: string; num: string; holder: string; due: number; paidAt: number | null } | null;
  notifyUrl: string;
};

export type BillKeyRecord = {
  billKey: string;
  /** Keys belong to the MID that issued them. */
  mid: string;
  card: JtnetCard;
  /** What the card number selects in the test-card table (the number itself is not kept). */
  profile: CardOutcome;
  expiry: { year: number; month: number };
  issuedAt: number;
};

/** Approval codes that moved money: card, transfer, phone. A vbank is paid once its deposit arrived. */
const paidCodes: readonly string[] = [jtnetResults.approved.code, jtnetWindowResults.transferApproved.code, jtnetWindowResults.phoneApproved.code];

export function isPaid(tx: TxRecord): boolean {
  return paidCodes.includes(tx.resultCd) || (tx.window?.vbank?.paidAt ?? null) !== null;
}

/** An issued virtual account still waiting for its deposit. */
export const awaitsDeposit = (tx: TxRecord): boolean => tx.window?.vbank !== undefined && tx.window.vbank !== null && tx.window.vbank.paidAt === null;

export function jtnetLedger(store: SimulatorStore) {
  return {
    ...txIndex<TxRecord>(store, (tx) => tx.moid),
    findBillKey: (billKey: string) => store.get<BillKeyRecord>(`billkey:${billKey}`),
    addBillKey: (rec: BillKeyRecord) => store.set(`billkey:${rec.billKey}`, rec),
  };
}

export type JtnetLedger = ReturnType<typeof jtnetLedger>;
