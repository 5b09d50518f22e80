/**
 * The one table of sandbox test cards. Every simulator decides a card's fate here, so a merchant
 * gets the same outcome from the same number whichever PG they test against (docs/test-cards.md).
 *
 * Sandbox numbers use the ISO 7812 "national use" prefix 9 (Korean domestic cards start with 9 too):
 * `9CCC0T...` where CCC is the KFTC card company code and T is 0 credit / 1 check card.
 * The outcome is chosen by the exact number; every other Luhn-valid number approves.
 */
import { isExpired } from '../core/card.ts';
import type { CardOutcome, DeclineReason } from '../core/sandbox-outcome.ts';
import type { ChargeAt, ChosenOutcomes } from './chosen-outcomes.ts';

export type { CardOutcome, DeclineReason } from '../core/sandbox-outcome.ts';

/** The words each decline message carries (PGs may add their own prefix or wording around them). */
export const declineMessages: Record<DeclineReason, string> = {
  insufficient_funds: '잔액부족',
  limit_exceeded: '한도초과',
  expired: '유효기간경과',
  lost_or_stolen: '분실/도난카드',
  generic: '거래거절',
};

/** The message a PG gives when it rejects the card data itself. */
export const invalidCardMessage = '거래거절 카드번호틀림';

export type TestCard = { number: string; outcome: CardOutcome; note: string };

export const testCards = {
  approveShinhan: { number: '9366000000000009', outcome: { kind: 'approve' }, note: '신한카드 credit' },
  approveHyundai: { number: '9367000000000008', outcome: { kind: 'approve' }, note: '현대카드 credit' },
  approveSamsung: { number: '9365000000000000', outcome: { kind: 'approve' }, note: '삼성카드 credit' },
  approveBc: { number: '9361000000000004', outcome: { kind: 'approve' }, note: 'BC카드 credit' },
  approveKbCheck: { number: '9381010000000009', outcome: { kind: 'approve' }, note: 'KB국민카드 check' },
  approveWooriCheck: { number: '9041010000000001', outcome: { kind: 'approve' }, note: '우리카드 check' },
  insufficientFunds: { number: '9361000000000517', outcome: { kind: 'decline', reason: 'insufficient_funds' }, note: 'charges decline 잔액부족' },
  limitExceeded: { number: '9361000000000616', outcome: { kind: 'decline', reason: 'limit_exceeded' }, note: 'charges decline 한도초과' },
  expiredCard: { number: '9361000000000541', outcome: { kind: 'decline', reason: 'expired' }, note: 'declines 유효기간경과 whatever the expiry' },
  lostOrStolen: { number: '9361000000000418', outcome: { kind: 'decline', reason: 'lost_or_stolen' }, note: 'declines 분실/도난카드' },
  declined: { number: '9361000000000053', outcome: { kind: 'decline', reason: 'generic' }, note: 'charges decline 거래거절' },
  invalidNumber: { number: '9361000000000145', outcome: { kind: 'invalid' }, note: 'Luhn-valid, but the PG says 카드번호틀림' },
  pgTimeout: { number: '9361000000000913', outcome: { kind: 'pg_timeout' }, note: 'charge recorded approved, answer delayed past the timeout' },
  pgError: { number: '9361000000000962', outcome: { kind: 'pg_error' }, note: 'HTTP 500 with garbage, nothing recorded' },
} as const satisfies Record<string, TestCard>;

export type TestCardName = keyof typeof testCards;

const byNumber = new Map<string, CardOutcome>(Object.values(testCards).map((c) => [c.number, c.outcome]));

export function luhnValid(number: string): boolean {
  if (!/^[0-9]{13,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * What the number alone selects, before the expiry is looked at. Simulators store this (never the
 * number) with a billing key, so charging the key later behaves like charging the card.
 */
export function classifyCard(number: string): CardOutcome {
  if (!luhnValid(number)) return { kind: 'invalid' };
  return byNumber.get(number) ?? { kind: 'approve' };
}

/** An expiry in the past turns any card that would reach the card company into the expired decline. */
export function applyExpiry(outcome: CardOutcome, expiry: { year: number; month: number }, nowSec: number): CardOutcome {
  if (outcome.kind === 'invalid') return outcome;
  return isExpired(expiry, nowSec) ? { kind: 'decline', reason: 'expired' } : outcome;
}

/**
 * The fate of a charge a fake PG is about to record: the card's outcome (`cardOutcome`, or a billing
 * key's profile through `applyExpiry`), unless the sandbox control "a chosen outcome" set one for this
 * merchant's or this order's next charges (chosen-outcomes.ts), which it uses up. Every fake PG calls
 * this once per charge (not for billing-key issuance, which only verifies the card).
 */
export function chargeFate(outcome: CardOutcome, at: ChargeAt, choices: ChosenOutcomes): CardOutcome {
  return choices.take(at) ?? outcome;
}

/** The outcome of charging this card now. */
export function cardOutcome(number: string, expiry: { year: number; month: number }, nowSec: number): CardOutcome {
  return applyExpiry(classifyCard(number), expiry, nowSec);
}

/**
 * Billing-key issuance only verifies the card (no money moves): invalid, expired and lost/stolen
 * cards are refused; funds-related and generic declines, timeouts and PG errors appear on charges,
 * so a merchant can test a renewal that fails on a key that was issued fine.
 */
export function issuanceOutcome(outcome: CardOutcome): CardOutcome {
  if (outcome.kind === 'invalid') return outcome;
  if (outcome.kind === 'decline' && (outcome.reason === 'expired' || outcome.reason === 'lost_or_stolen')) return outcome;
  return { kind: 'approve' };
}

/** KFTC card company codes (reference §7.1) with the names PGs report. */
export const cardCompanies: Record<string, string> = {
  '361': 'BC카드', '364': '광주카드', '365': '삼성카드', '366': '신한카드', '367': '현대카드', '368': '롯데카드',
  '369': '수협카드', '370': '씨티카드', '371': 'NH카드', '372': '전북카드', '373': '제주카드', '374': '하나카드',
  '381': 'KB국민카드', '041': '우리카드', '002': 'KDB산업은행', '045': 'MG새마을금고', '048': '신협',
  '071': '우체국', '089': '케이뱅크', '090': '카카오뱅크',
};

export type CardCompany = { code: string; name: string; type: 0 | 1 };

/** Unknown BINs are reported as a BC credit card, the network most domestic cards ride on. */
const fallbackCompany: CardCompany = { code: '361', name: 'BC카드', type: 0 };

/** The card company and credit/check type of a number, from the sandbox BIN rule `9CCC0T`. */
export function cardCompanyOf(number: string): CardCompany {
  const m = /^9([0-9]{3})0([01])/.exec(number);
  if (!m) return fallbackCompany;
  const name = cardCompanies[m[1]!];
  return name ? { code: m[1]!, name, type: m[2] === '1' ? 1 : 0 } : fallbackCompany;
}
