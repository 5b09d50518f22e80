/**
 * What the fake PAYCO's API handlers share: its books (the PG-neutral ones plus PAYCO's own records:
 * reservations, orders, auto-payment registrations), its number formats, and the caller check of
 * PAYCO's keys (sellerKey with the contracted cpId/productId, pg-protocols.md §2.3).
 */
import type { RandomBytes } from '../../core/ids.ts';
import type { Provider } from '../../core/payment.ts';
import type { SimulatorStore } from '../contract.ts';
import type { SandboxBooks, BookTx } from '../books.ts';
import { reply, type Json, type JsonReply } from '../json-api.ts';
import type { SandboxOperations } from '../operations.ts';
import { randomDigits, sameSecret, serialized, type SimulatorOptions } from '../simulator.ts';
import type { windowRoutes } from '../window-routes.ts';
import type { PaycoOrder } from './orders.ts';
import type { Reservation } from './reserve.ts';
import { PAYCO_SANDBOX_CP_ID, PAYCO_SANDBOX_PRODUCT_ID, ymdt } from './wire.ts';

export const provider: Provider = 'payco';

/** A recurring-payment registration (`sellerAutoPaymentReferenceKey` of a seller). */
export type AutoRegistration = {
  sellerKey: string;
  ref: string;
  autoPaymentNo: string;
  autoPaymentCertifyKey: string;
  /** The books' billing key holding the card (the test-card outcome, never the number). */
  bookKey: string;
  cpId: string;
  registeredAt: number;
  deleted: boolean;
};

export type PaycoCtx = {
  store: SimulatorStore;
  books: SandboxBooks;
  ops: SandboxOperations;
  win: ReturnType<typeof windowRoutes>;
  now: () => number;
  random: RandomBytes;
  /** PAYCO's 18-digit numbers: the KST date and 10 random digits (recorded `202201010000000001`). */
  newNo(): string;
  /** A certify key / token: URL-safe base64 of `bytes` random bytes (recorded ones are 47 and 64 characters). */
  newSecret(bytes: number): string;
  /** Read-modify-write steps on PAYCO's own records run one at a time. */
  exclusive: ReturnType<typeof serialized>;
  /** Whether this cpId (and productId, when given) is the seller's contracted one. */
  contracted(seller: string, cpId: unknown, productId?: unknown): boolean;
  reservation(no: string): Promise<Reservation | undefined>;
  saveReservation(r: Reservation): Promise<void>;
  order(orderNo: string): Promise<PaycoOrder | undefined>;
  saveOrder(o: PaycoOrder): Promise<void>;
  registration(seller: string, ref: string): Promise<AutoRegistration | undefined>;
  registrationByNo(autoPaymentNo: string): Promise<AutoRegistration | undefined>;
  saveRegistration(a: AutoRegistration): Promise<void>;
};

export const fail = (code: number, message: string): JsonReply => reply({ code, message });
export const ok = (result?: Json, delayMs = 0): JsonReply => reply(result === undefined ? { code: 0, message: 'success' } : { code: 0, message: 'success', result }, delayMs);

/** PAYCO's sellerKey: the merchant code PAYCO hands out (recorded ones are 6 upper-case letters and digits). */
export const sellerOf = (b: Json): string | null => (typeof b.sellerKey === 'string' && /^[A-Za-z0-9_]{2,100}$/.test(b.sellerKey) ? b.sellerKey : null);

export function paycoContext(opts: SimulatorOptions, parts: Pick<PaycoCtx, 'books' | 'ops' | 'win' | 'random'>): PaycoCtx {
  const { store, now } = opts;
  const { random } = parts;
  return {
    ...parts, store, now,
    newNo: () => `${ymdt(now()).slice(0, 8)}${randomDigits(random, 10)}`,
    newSecret: (bytes) => Buffer.from(random(bytes)).toString('base64url'),
    exclusive: serialized(),
    contracted(seller, cpId, productId) {
      const own = opts.merchantCredentials?.(provider, seller) ?? null;
      // A seller registered without its own keys uses the published test pairs (§2.5): PARTNERTEST/PROD_EASY and the recurring PARTNERTEST_AUTO/PROD_AUTO.
      const cpIds = own?.cpId ? [own.cpId] : [PAYCO_SANDBOX_CP_ID, `${PAYCO_SANDBOX_CP_ID}_AUTO`];
      const productIds = own?.productId ? [own.productId] : [PAYCO_SANDBOX_PRODUCT_ID, 'PROD_AUTO'];
      const given = (v: unknown) => (typeof v === 'string' ? v : null);
      return cpIds.some((c) => sameSecret(given(cpId), c)) && (productId === undefined || productIds.some((p) => sameSecret(given(productId), p)));
    },
    reservation: (no) => store.get<Reservation>(`reserve:${no}`),
    saveReservation: (r) => store.set(`reserve:${r.reserveOrderNo}`, r),
    order: (no) => store.get<PaycoOrder>(`payco-order:${no}`),
    saveOrder: (o) => store.set(`payco-order:${o.orderNo}`, o),
    registration: (seller, ref) => store.get<AutoRegistration>(`auto:${seller}:${ref}`),
    async registrationByNo(no) {
      const at = await store.get<{ seller: string; ref: string }>(`auto-no:${no}`);
      return at ? store.get<AutoRegistration>(`auto:${at.seller}:${at.ref}`) : undefined;
    },
    saveRegistration: (a) => store.setMany([[`auto:${a.sellerKey}:${a.ref}`, a], [`auto-no:${a.autoPaymentNo}`, { seller: a.sellerKey, ref: a.ref }]]),
  };
}

/** The seller's transaction of an orderNo, or undefined (another seller's orders do not exist for it). */
export async function sellerTx(ctx: PaycoCtx, seller: string, orderNo: unknown): Promise<BookTx | undefined> {
  if (typeof orderNo !== 'string' || orderNo === '') return undefined;
  const tx = await ctx.books.findTx(orderNo);
  return tx && tx.mid === seller ? tx : undefined;
}
