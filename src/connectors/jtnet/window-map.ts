/**
 * A verified tPay window result (window-wire.ts) to a WindowOutcome. Only the approval code of the
 * result's own payMethod is a success (CARD 3001, BANK 4000, VBANK 4100, CELLPHONE A000); a billing
 * window's `cardToken` is the issued key, charged when its amount was above 0 (SEED 003).
 */
import { PgTransportError, type Approved, type Declined, type WindowOutcome } from '../contract.ts';
import { cardOf, koreanTime } from './map.ts';
import { jtnetCodes } from './wire.ts';
import { BILLING_PAY_METHOD, jtnetApprovalCodes, type JtnetPayMethod, type WindowResult } from './window-wire.ts';

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `JTNet window ${what}`);

const payMethods: Record<JtnetPayMethod, string> = { CARD: 'card', BANK: 'trans', VBANK: 'vbank', CELLPHONE: 'phone' };

const declined = (r: WindowResult): Declined => ({
  kind: 'declined', pgTid: r.tid || null, pgCode: r.resultCd, pgMessage: r.resultMsg || r.errorMsg || '',
});

function approved(r: WindowResult, card: boolean): Approved {
  if (!r.tid) throw bad('approval without tid');
  return { kind: 'approved', pgTid: r.tid, applyNum: r.authCode || null, card: card ? cardOf(r.fnCd, r.fnName, r.cardNo) : null, receiptUrl: null };
}


export function outcomeOfResult(r: WindowResult): WindowOutcome {
  if (r.payMethod === BILLING_PAY_METHOD) {
    // Billing window: the key, and its first charge when one was asked for (amt > 0); no key, a decline.
    if (!r.cardToken) return declined(r);
    const charge = r.resultCd === jtnetCodes.ok ? null : r.resultCd === jtnetApprovalCodes.CARD ? approved(r, true) : declined(r);
    return { kind: 'billing_key_issued', billingKey: r.cardToken, card: cardOf(r.fnCd, r.fnName, r.cardNo), buyerEmail: r.buyerEmail || null, charge };
  }
  const method = r.payMethod as JtnetPayMethod;
  if (!(method in payMethods)) throw bad(`payMethod ${r.payMethod}`);
  if (r.resultCd !== jtnetApprovalCodes[method]) return declined(r);
  switch (method) {
    case 'CARD':
      return { ...approved(r, true), payMethod: 'card', bank: null, embPgProvider: null };
    case 'BANK':
      return { ...approved(r, false), payMethod: 'trans', bank: r.fnCd ? { code: r.fnCd, name: r.fnName ?? '' } : null, embPgProvider: null };
    case 'CELLPHONE':
      return { ...approved(r, false), payMethod: 'phone', bank: null, embPgProvider: null };
    case 'VBANK': {
      const due = r.vbankExpDate ? koreanTime(r.vbankExpDate) : null;
      if (!r.tid || !r.vbankNum || !r.fnCd || due === null) throw bad('vbank without account');
      return { kind: 'vbank_issued', pgTid: r.tid, vbank: { code: r.fnCd, name: r.fnName ?? '', num: r.vbankNum, holder: null, due }, receiptUrl: null };
    }
  }
}
