/**
 * openimp's REST virtual account at a fake PG (`POST /vbanks` of the gateway): the PGs' documents in
 * the repo have no server-to-server vbank issue, so each fake PG takes one in its own wire's style
 * (docs/differences.md), and the sandbox deposit control (`POST /_control/{pg}/vbanks/{tid}/deposit`)
 * pays it and sends that PG's deposit notification. The pieces every fake PG shares are here.
 */
import { bankByCode } from '../core/bank-codes.ts';
import type { RandomBytes } from '../core/ids.ts';
import { randomDigits } from './simulator.ts';
import type { AuthVbank } from './window-session.ts';

/** A new account number at a known KFTC bank (null = unknown bank code). */
export function issuedAccount(random: RandomBytes, bankCode: string, holder: string, due: number): AuthVbank | null {
  const bank = bankByCode(bankCode);
  if (!bank) return null;
  return { code: bank.code, name: bank.name, num: `${bank.code.slice(1)}${randomDigits(random, 11)}`, holder, due };
}

/**
 * What the deposit control asks: who deposits. A one-time virtual account takes exactly the amount it
 * was issued for (a bank refuses any other; none of the PGs' documents reports another amount), so
 * the buyer always pays the account's amount as the fake PG's books hold it.
 */
export type DepositRequest = { depositorName: string };

export type DepositDone =
  | { kind: 'deposited'; tid: string; orderId: string; notified: boolean; notifyStatus: number | null }
  | { kind: 'refused'; why: 'none' | 'expired' };

/** The deposit control's answer when the deposit did not happen. */
export const depositRefusal: Record<Extract<DepositDone, { kind: 'refused' }>['why'], string> = {
  none: '입금 대기 중인 가상계좌가 없습니다',
  expired: '입금기한이 지났습니다',
};
