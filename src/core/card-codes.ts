/**
 * KFTC card company codes (reference §7.1) for `GET /cards`: the domestic table, then the foreign
 * networks in the numeric form of the current PortOne table (the letter codes are accepted on lookup).
 */
import type { CodeName } from './bank-codes.ts';

export const cardCodes: readonly CodeName[] = [
  ['361', 'BC카드'], ['364', '광주카드'], ['365', '삼성카드'], ['366', '신한카드'], ['367', '현대카드'], ['368', '롯데카드'],
  ['369', '수협카드'], ['370', '씨티카드'], ['371', 'NH카드'], ['372', '전북카드'], ['373', '제주카드'], ['374', '하나카드'],
  ['381', 'KB국민카드'], ['041', '우리카드'], ['002', 'KDB산업은행'], ['045', 'MG새마을금고'], ['048', '신협'], ['071', '우체국'],
  ['089', '케이뱅크'], ['090', '카카오뱅크'], ['050', '저축은행'],
  ['10001', '중국은련'], ['10002', '다이너스'], ['10003', '아멕스'], ['10004', '마스터'], ['10005', '비자'], ['10006', 'JCB'],
].map(([code, name]) => ({ code: code!, name: name! }));

/** Letter codes some clients send (JAVA/NODE constants) and the numeric code they stand for. */
const letterCodes: Record<string, string> = { UNI: '10001', DIN: '10002', AMX: '10003', MAS: '10004', VIS: '10005', JCB: '10006' };

/** The domestic card companies (the KFTC codes a Korean PG's window may offer, card.detail). */
export const domesticCardCodes: readonly string[] = cardCodes.slice(0, cardCodes.findIndex((c) => c.code === '050')).map((c) => c.code);

const byCode = new Map(cardCodes.map((c) => [c.code, c]));

export function cardByCode(code: string): CodeName | null {
  const numeric = letterCodes[code.toUpperCase()];
  if (numeric) return { code: code.toUpperCase(), name: byCode.get(numeric)!.name };
  return byCode.get(code) ?? null;
}
