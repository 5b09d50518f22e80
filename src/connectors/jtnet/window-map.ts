/**
 * A verified tPay window result (window-wire.ts) to a WindowOutcome. Only the approval code of the
 * result's own payMethod is a success (CARD 3001, BANK 4000, VBANK 4100, CELLPHONE A000); a billing
 * window's `cardToken` is the issued key, charged when its amount was above 0 (SEED 003).
 */
import { PgTransportError, type Approved, type Declined, type WindowOutcome } from '../contract.ts';
import { cardOf } from './map.ts';
import { jtnetCodes } from './wire.ts';
import { jtnetApprovalCodes, type JtnetPayMethod, type WindowResult } from './window-wire.ts';

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `JTNet window ${what}`);

const payMethods: Record<JtnetPayMethod, string> = { CARD: 'card', BANK: 'trans', VBANK: 'vbank', CELLPHONE: 'phone' };

const declined = (r: WindowResult): Declined => ({
  kind: 'declined', pgTid: r.tid || null, pgCode: r.resultCd, pgMessage: r.resultMsg || r.errorMsg || '',
});

function approved(r: WindowResult, card: boolean): Approved {
  if (!r.tid) throw bad('approval without tid');
  return { kind: 'approved', pgTid: r.tid, applyNum: r.authCode || null, card: card ? cardOf(r.fnCd, r.fnName, r.cardNo) : null, receiptUrl: null };
}

/** Korean end of the `Ymd` day, in unix seconds. */
function endOfKoreanDay(ymd: string): number {
  const t = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)), 23, 59, 59) / 1000;
  return t - 9 * 3600;
}

export function outcomeOfResult(r: WindowResult): WindowOutcome {
  const method = r.payMethod as JtnetPayMethod;
  if (!(method in payMethods)) throw bad(`payMethod ${r.payMethod}`);
  if (r.cardToken !== undefined && r.cardToken !== '') {
    // Billing window: the key, and its first charge when one was asked for.
    const charge = r.resultCd === jtnetCodes.ok ? null : r.resultCd === jtnetApprovalCodes.CARD ? approved(r, true) : declined(r);
    return { kind: 'billing_key_issued', billingKey: r.cardToken, card: cardOf(r.fnCd, r.fnName, r.cardNo), buyerEmail: r.buyerEmail || null, charge };
  }
  if (r.resultCd !== jtnetApprovalCodes[method]) return declined(r);
  switch (method) {
    case 'CARD':
      return { ...approved(r, true), payMethod: 'card', bank: null, embPgProvider: null };
    case 'BANK':
      return { ...approved(r, false), payMethod: 'trans', bank: r.fnCd ? { code: r.fnCd, name: r.fnName ?? '' } : null, embPgProvider: null };
    case 'CELLPHONE':
      return { ...approved(r, false), payMethod: 'phone', bank: null, embPgProvider: null };
    case 'VBANK': {
      if (!r.tid || !r.vbankNum || !r.fnCd || !r.vbankExpDate || !/^[0-9]{8}$/.test(r.vbankExpDate)) throw bad('vbank without account');
      return { kind: 'vbank_issued', pgTid: r.tid, vbank: { code: r.fnCd, name: r.fnName ?? '', num: r.vbankNum, holder: null, due: endOfKoreanDay(r.vbankExpDate) }, receiptUrl: null };
    }
  }
}
