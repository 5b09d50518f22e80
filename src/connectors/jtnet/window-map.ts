/**
 * JTNet window answers to WindowOutcome. As with key-in charges, only an explicit success code is a
 * success: 3001 card, 4000 transfer, A000 phone, 4100 vbank issued, F100 billing key issued.
 */
import { PgTransportError, type Approved, type CardDetails, type Declined, type WindowOutcome } from '../contract.ts';
import { jtnetResults } from './wire.ts';
import { jtnetWindowResults as W, type WindowApproveResponse } from './window-wire.ts';

const bad = (what: string): PgTransportError => new PgTransportError('bad_response', `JTNet window ${what}`);

function card(r: WindowApproveResponse): CardDetails {
  return { code: r.cardCd ?? null, name: r.cardNm ?? null, number: r.cardNo ?? null, type: r.cardType === undefined ? null : Number(r.cardType) };
}

function approved(r: WindowApproveResponse, withCard: boolean): Approved {
  if (!r.tid) throw bad('approval without tid');
  return { kind: 'approved', pgTid: r.tid, applyNum: r.authCd ?? null, card: withCard ? card(r) : null, receiptUrl: r.receiptUrl ?? null };
}

const declined = (r: { tid?: string }, code: string, msg: string): Declined => ({ kind: 'declined', pgTid: r.tid ?? null, pgCode: code, pgMessage: msg });

export function toWindowOutcome(r: WindowApproveResponse): WindowOutcome {
  switch (r.resultCd) {
    case jtnetResults.approved.code:
      return { ...approved(r, true), payMethod: 'card', bank: null, embPgProvider: null };
    case W.transferApproved.code:
      if (!r.bankCd || !r.bankNm) throw bad('transfer without bank');
      return { ...approved(r, false), payMethod: 'trans', bank: { code: r.bankCd, name: r.bankNm }, embPgProvider: null };
    case W.phoneApproved.code:
      return { ...approved(r, false), payMethod: 'phone', bank: null, embPgProvider: null };
    case W.vbankIssued.code: {
      if (!r.tid || !r.vbankNum || !r.vbankBankCd || !r.vbankExpDate) throw bad('vbank without account');
      const vbank = { code: r.vbankBankCd, name: r.vbankBankNm ?? '', num: r.vbankNum, holder: r.vbankHolder ?? null, due: Number(r.vbankExpDate) };
      return { kind: 'vbank_issued', pgTid: r.tid, vbank, receiptUrl: null };
    }
    case W.billKeyIssued.code: {
      if (!r.billKey) throw bad('issued without billKey');
      // The initial charge of a billing window (amt > 0) has its own result (SEED 003).
      const charge = r.payResultCd === undefined ? null
        : r.payResultCd === jtnetResults.approved.code ? approved(r, true)
        : declined(r, r.payResultCd, r.payResultMsg ?? '');
      return { kind: 'billing_key_issued', billingKey: r.billKey, card: card(r), buyerEmail: r.buyerEmail || null, charge };
    }
    default:
      return declined(r, r.resultCd, r.resultMsg);
  }
}

/**
 * What the browser brought back. Failures are taken as they are (they cannot make anything paid);
 * success is only a token to confirm with the PG.
 */
export function readReturn(returned: Record<string, string>, orderId: string): { kind: 'confirm'; authToken: string } | WindowOutcome {
  const code = returned.resultCd ?? '';
  const msg = returned.resultMsg ?? '';
  if (code === W.userCancelled.code) return { kind: 'user_cancelled', pgMessage: msg || W.userCancelled.msg };
  if (code === W.authenticated.code && returned.authToken && returned.moid === orderId) return { kind: 'confirm', authToken: returned.authToken };
  if (code === '' || code === W.authenticated.code) return declined({}, W.badToken.code, W.badToken.msg);
  return declined({}, code, msg);
}
