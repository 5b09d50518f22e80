/**
 * Card data checks and masking. Raw card data never leaves the request that carried it
 * except encrypted (ARCHITECTURE rule 12); everything shown is masked here.
 */
export type CardInput = {
  number: string; // digits only
  expiry: { year: number; month: number };
  birth: string | null;
  pwd2: string | null;
  cvc: string | null;
};

/** A refusal names the field, whether it was missing, and the rule it broke (null when missing). */
export type CardCheck = { ok: true; card: CardInput } | { ok: false; field: string; rule: string | null };

/** Accepts `dddd-dddd-dddd-dddd` (V1 form) or plain digits; expiry `YYYY-MM` (also `YYYYMM`, `YYMM`). */
export function checkCard(raw: { card_number?: unknown; expiry?: unknown; birth?: unknown; pwd_2digit?: unknown; cvc?: unknown }): CardCheck {
  if (typeof raw.card_number !== 'string' || raw.card_number.trim() === '') return { ok: false, field: 'card_number', rule: null };
  const number = raw.card_number.replace(/[-\s]/g, '');
  if (!/^[0-9]{13,19}$/.test(number)) return { ok: false, field: 'card_number', rule: '(숫자 13~19자리)' };
  if (typeof raw.expiry !== 'string' || raw.expiry.trim() === '') return { ok: false, field: 'expiry', rule: null };
  const expiry = parseExpiry(raw.expiry.trim());
  if (!expiry) return { ok: false, field: 'expiry', rule: '(YYYY-MM)' };
  const birth = optionalDigits(raw.birth);
  if (birth !== null && !/^([0-9]{6}|[0-9]{10})$/.test(birth)) return { ok: false, field: 'birth', rule: '(생년월일 6자리 또는 사업자번호 10자리)' };
  const pwd2 = optionalDigits(raw.pwd_2digit);
  if (pwd2 !== null && !/^[0-9]{2}$/.test(pwd2)) return { ok: false, field: 'pwd_2digit', rule: '(숫자 2자리)' };
  const cvc = optionalDigits(raw.cvc);
  if (cvc !== null && !/^[0-9]{3,4}$/.test(cvc)) return { ok: false, field: 'cvc', rule: '(숫자 3~4자리)' };
  return { ok: true, card: { number, expiry, birth, pwd2, cvc } };
}

function optionalDigits(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '!';
}

function parseExpiry(v: string): { year: number; month: number } | null {
  let m = /^([0-9]{4})-?([0-9]{2})$/.exec(v);
  let year: number;
  let month: number;
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
  } else if ((m = /^([0-9]{2})([0-9]{2})$/.exec(v))) {
    year = 2000 + Number(m[1]);
    month = Number(m[2]);
  } else return null;
  if (month < 1 || month > 12) return null;
  return { year, month };
}

/** `5428790000000294` -> `542879******0294` (digits 7–12 masked, the V1 convention). */
export function maskCardNumber(number: string): string {
  const d = number.replace(/\D/g, '');
  if (d.length < 10) return '*'.repeat(d.length);
  return d.slice(0, 6) + '*'.repeat(d.length - 10) + d.slice(-4);
}

/** The card is expired when its last valid month ended before `nowSec`. */
export function isExpired(expiry: { year: number; month: number }, nowSec: number): boolean {
  const endOfMonth = Date.UTC(expiry.year, expiry.month, 1) / 1000;
  return endOfMonth <= nowSec;
}
