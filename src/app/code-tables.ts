/** GET /banks, /banks/{code}, /cards, /cards/{code} (reference §3.11, §7.1, §7.2). */
import { bankByCode, bankCodes, type CodeName } from '../core/bank-codes.ts';
import { cardByCode, cardCodes } from '../core/card-codes.ts';
import { GatewayError } from '../core/errors.ts';

export const listBanks = (): readonly CodeName[] => bankCodes;
export const listCards = (): readonly CodeName[] => cardCodes;

export function getBank(code: string): CodeName {
  const b = bankByCode(code);
  if (!b) throw new GatewayError('BANK_NOT_FOUND', `(${code})`);
  return b;
}

export function getCard(code: string): CodeName {
  const c = cardByCode(code);
  if (!c) throw new GatewayError('CARD_NOT_FOUND', `(${code})`);
  return c;
}
