/**
 * The PG side of a payment window, shared by every simulator: a window session opened from the
 * PG's start fields, and what the tester chose on the window page (approve, decline with a PG
 * message, user cancel, slow PG). Each simulator translates its own wire to a `SessionInit` and the
 * authentication result back to its own return fields and approval API.
 * Sessions keep the card masked with its test-card outcome, never the number (ARCHITECTURE rule 12).
 */
import { maskCardNumber } from '../core/card.ts';
import type { Currency } from '../core/money.ts';
import type { RandomBytes } from '../core/ids.ts';
import type { Provider } from '../core/payment.ts';
import type { SimulatorStore } from './contract.ts';
import { randomDigits } from './simulator.ts';
import { applyExpiry, cardCompanies, cardCompanyOf, classifyCard, issuanceOutcome, type CardOutcome } from './test-cards.ts';

export type WindowMethod = 'card' | 'trans' | 'vbank' | 'phone';

export type SessionInit = {
  provider: Provider;
  mid: string;
  orderId: string;
  amount: number; // minor units of `currency`
  currency: Currency;
  taxFree: number;
  name: string;
  buyer: { name: string; email: string; tel: string };
  /** More than one: the buyer picks inside the window (PAYCO, Paymentwall). */
  methods: WindowMethod[];
  billing: boolean;
  /** Shown under the amount, e.g. PAYCO/KICC billing windows: display only. */
  amountNote: string | null;
  /** Card companies offered (card.detail / card.direct); null = all. */
  cardCodes: string[] | null;
  /** card.direct: the company is fixed and so is the instalment. */
  directQuota: number | null;
  /** Instalment months offered besides lump sum. */
  quotas: number[];
  /** Wallet-style methods offered besides `methods` (Paymentwall `kakaopaykr`, `paypal`), paid without a card. */
  wallets?: { code: string; name: string }[];
  /**
   * What a card page asks besides number and expiry (KICC's billing window `certType`: birth date
   * and the password's first two digits). Checked for form only, never kept (rule 12).
   */
  cardChecks?: ('birth' | 'password')[];
  vbankDue: number | null; // unix seconds
  returnUrl: string;
  notifyUrl: string;
  /** PG-specific facts the simulator keeps with the session (widget code, escrow, ...). */
  extra: Record<string, string>;
};

/** A card as a window keeps it: masked, with what its number selects in the test-card table and its expiry. */
export type AuthCard = {
  code: string; name: string; number: string; type: 0 | 1; profile: CardOutcome; expiry: { year: number; month: number }; quota: number;
};
export type AuthVbank = { code: string; name: string; num: string; holder: string; due: number };

export type WindowAuth =
  | { result: 'cancelled' }
  | { result: 'declined'; message: string }
  | {
      result: 'authenticated';
      method: WindowMethod;
      card: AuthCard | null;
      bank: { code: string; name: string } | null;
      phone: { carrier: string; number: string } | null;
      vbank: AuthVbank | null;
      /** A wallet the buyer paid with instead (method stays 'card' for PGs that have no wallets). */
      wallet?: { code: string; name: string } | null;
      /** "Slow PG": the approval API answers only after this delay. */
      delayMs: number;
    };

export type WindowSession = SessionInit & {
  id: string;
  createdAt: number;
  auth: WindowAuth | null;
  /** Set once the approval API ran: the PG's transaction id for this window. */
  tid: string | null;
};

/** Banks offered for transfers and virtual accounts (KFTC codes, reference §7.2). */
export const sandboxBanks: Record<string, string> = {
  '004': 'KB국민은행', '088': '신한은행', '020': '우리은행', '081': '하나은행', '011': 'NH농협은행',
  '003': 'IBK기업은행', '090': '카카오뱅크', '089': '케이뱅크', '092': '토스뱅크',
};
export const phoneCarriers: Record<string, string> = { SKT: 'SK텔레콤', KTF: 'KT', LGT: 'LG U+', MVNO: '알뜰폰' };

/** Card companies a window lists, in table order. */
export const allCardCodes: readonly string[] = Object.keys(cardCompanies);

export const DEFAULT_SLOW_MS = 3_000;
const VBANK_DEFAULT_DUE_SEC = 3 * 24 * 3600;

export function windowSessions(store: SimulatorStore) {
  const key = (id: string) => `window:${id}`;
  return {
    get: (id: string) => store.get<WindowSession>(key(id)),
    save: (s: WindowSession) => store.set(key(s.id), s),
  };
}

export type Submission = { ok: true; auth: WindowAuth } | { ok: false; error: string };

/**
 * Reads the window form. The tester's choice wins over the inputs: decline and cancel need no card.
 * A card must belong to an offered company (card.direct / card.detail), as on a real card page.
 */
export function readSubmission(s: WindowSession, form: URLSearchParams, env: { now: number; random: RandomBytes; vbankHolder: string }): Submission {
  const choice = form.get('choice') ?? '';
  if (choice === 'cancel') return { ok: true, auth: { result: 'cancelled' } };
  if (choice === 'decline') {
    const message = (form.get('declineMessage') ?? '').trim() || '거래거절';
    return { ok: true, auth: { result: 'declined', message: message.slice(0, 100) } };
  }
  if (choice !== 'approve' && choice !== 'slow') return { ok: false, error: '진행 방법을 선택하세요.' };
  const delaySec = Number(form.get('delaySec') ?? '');
  const delayMs = choice === 'slow' ? (Number.isFinite(delaySec) && delaySec > 0 ? Math.min(delaySec, 120) * 1000 : DEFAULT_SLOW_MS) : 0;
  const picked = form.get('method') ?? s.methods[0] ?? '';
  const wallet = picked.startsWith('wallet:') ? s.wallets?.find((x) => `wallet:${x.code}` === picked) : undefined;
  if (wallet) return { ok: true, auth: { result: 'authenticated', method: 'card', card: null, bank: null, phone: null, vbank: null, wallet, delayMs } };
  const method = picked as WindowMethod;
  if (!s.methods.includes(method)) return { ok: false, error: '이 결제창에서 쓸 수 없는 결제수단입니다.' };
  const base = { result: 'authenticated' as const, method, card: null, bank: null, phone: null, vbank: null, wallet: null, delayMs };

  if (method === 'card') {
    const card = readCard(s, form);
    return 'error' in card ? { ok: false, error: card.error } : { ok: true, auth: { ...base, card } };
  }
  if (method === 'phone') {
    const carrier = form.get('carrier') ?? '';
    const number = (form.get('phone') ?? '').replace(/[-\s]/g, '');
    if (!(carrier in phoneCarriers) || !/^01[0-9]{8,9}$/.test(number)) return { ok: false, error: '통신사와 휴대폰 번호를 확인하세요.' };
    return { ok: true, auth: { ...base, phone: { carrier, number: `${number.slice(0, 3)}****${number.slice(-4)}` } } };
  }
  const code = form.get('bank') ?? '';
  const name = sandboxBanks[code];
  if (!name) return { ok: false, error: '은행을 선택하세요.' };
  if (method === 'trans') return { ok: true, auth: { ...base, bank: { code, name } } };
  const due = s.vbankDue ?? env.now + VBANK_DEFAULT_DUE_SEC;
  const num = `${code.slice(1)}${randomDigits(env.random, 11)}`;
  return { ok: true, auth: { ...base, vbank: { code, name, num, holder: env.vbankHolder, due } } };
}

function readCard(s: WindowSession, form: URLSearchParams): AuthCard | { error: string } {
  const typed = (form.get('cardNumber') ?? '').replace(/[-\s]/g, '');
  const number = typed || (form.get('testCard') ?? '');
  if (!/^[0-9]{13,19}$/.test(number)) return { error: '카드번호를 입력하거나 테스트 카드를 고르세요.' };
  const m = /^([0-9]{2})\/?([0-9]{2})$/.exec((form.get('expiry') ?? '').trim());
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) return { error: '유효기간을 MM/YY 로 입력하세요.' };
  const expiry = { year: 2000 + Number(m[2]), month: Number(m[1]) };
  const company = cardCompanyOf(number);
  if (s.cardCodes && !s.cardCodes.includes(company.code)) return { error: `${company.name}는 이 결제창에서 쓸 수 없습니다.` };
  const quota = s.directQuota ?? Number(form.get('quota') ?? '0');
  if (quota !== 0 && !s.quotas.includes(quota)) return { error: '선택할 수 없는 할부 개월수입니다.' };
  if (s.cardChecks?.includes('birth') && !/^[0-9]{6}([0-9]{4})?$/.test(form.get('birth') ?? '')) return { error: '생년월일 6자리(법인은 사업자번호 10자리)를 입력하세요.' };
  if (s.cardChecks?.includes('password') && !/^[0-9]{2}$/.test(form.get('cardPassword') ?? '')) return { error: '카드 비밀번호 앞 2자리를 입력하세요.' };
  // Only the outcome the number selects is kept (test-cards.ts), with the masked number.
  return { code: company.code, name: company.name, number: maskCardNumber(number), type: company.type, profile: classifyCard(number), expiry, quota };
}

/** Posts a notification to the gateway; the deposit or result stays recorded even when it fails. */
export async function sendNotification(notify: typeof fetch, url: string, body: string, contentType: string): Promise<{ delivered: boolean; status: number | null; answer: string }> {
  try {
    const res = await notify(url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(10_000) });
    return { delivered: res.ok, status: res.status, answer: (await res.text()).slice(0, 200) };
  } catch {
    return { delivered: false, status: null, answer: '' };
  }
}

/** What charging this window's card does now (the expiry is checked at approval, like a PG). */
export const chargeOutcome = (card: AuthCard, now: number): CardOutcome => applyExpiry(card.profile, card.expiry, now);

/** What issuing a billing key for this window's card does (test-cards.ts issuance rules). */
export const issueOutcome = (card: AuthCard, now: number): CardOutcome => issuanceOutcome(chargeOutcome(card, now));
