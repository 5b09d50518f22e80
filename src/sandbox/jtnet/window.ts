/**
 * The sandbox tPay window: the `webTxInit` form (its `encryptData` checked with the merchant key),
 * the shared sandbox window page, approval inside the window (tPay's 일반승인: the PG approves before
 * the buyer returns), and the result POSTed to `returnUrl` with `amt` and `moid` encrypted under the
 * result's own `ediDate`. A buyer's cancel goes to `cancelUrl`. The merchant then acknowledges the
 * result at `/resultConfirm`; a "slow PG" window holds that answer back. Vbank deposits are reported
 * with the same result fields to the window's `retryUrl` (재통보 URL of the sample form).
 */
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { BookTx } from '../books.ts';
import type { WindowApproval } from '../operations.ts';
import type { SessionInit, WindowAuth, WindowMethod, WindowSession } from '../window-session.ts';
import { cardCompanies } from '../test-cards.ts';
import { ediDateOf, tpayDecrypt, tpayEncrypt } from './crypto.ts';
import { BILLING_PAY_METHOD, jtnetApiCodes, jtnetDeclines, jtnetPayMethods, jtnetWindowCodes as W, STATE_APPROVED } from './wire.ts';

type Fields = Record<string, string>;
type Code = { code: string; msg: string };

const methodOf: Record<string, WindowMethod> = Object.fromEntries(Object.entries(jtnetPayMethods).map(([k, v]) => [v, k as WindowMethod]));
const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** `YYYYMMDD` (end of that day) or `YYYYMMDDHHmmss`, Korean time, to unix seconds; null when malformed. */
export function kstDeadline(v: string): number | null {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2}))?$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = m[4] === undefined ? [23, 59, 59] : [Number(m[4]), Number(m[5]), Number(m[6])];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms / 1000 - 9 * 3600;
}

/** `YYYYMMDD` in Korean time. */
export const kstDate = (sec: number): string => ediDateOf(sec).slice(0, 8);
/** `yyMMddHHmmss` in Korean time: approval stamps (tPay's `authDate`, as a result tPay sent shows it: docs/pgs/jtnet-fake.md). */
export const authStamp = (sec: number): string => ediDateOf(sec).slice(2);

/** The `webTxInit` form as a window session, or the refusal the window shows. */
export function openWebTx(f: URLSearchParams, keyFor: (mid: string) => string): SessionInit | { error: string } {
  const get = (k: string) => f.get(k) ?? '';
  const mid = get('mid');
  const moid = get('moid');
  const amt = get('amt');
  const payMethod = get('payMethod');
  const billing = payMethod === BILLING_PAY_METHOD;
  const method: WindowMethod | undefined = billing ? 'card' : methodOf[payMethod];
  if (!/^[A-Za-z0-9_]{4,20}$/.test(mid)) return { error: '가맹점 아이디(mid) 오류' };
  if (!method) return { error: `지원하지 않는 결제수단 (payMethod=${payMethod.slice(0, 20)})` };
  if (moid === '' || moid.length > 64) return { error: '주문번호(moid) 오류' };
  // A billing window may show 0 (card registration only, SEED 003); every other window needs an amount.
  if (!(billing ? /^(0|[1-9][0-9]{0,11})$/ : /^[1-9][0-9]{0,11}$/).test(amt)) return { error: '결제 금액(amt) 오류' };
  if (!/^[0-9]{14}$/.test(get('ediDate'))) return { error: '전문생성일시(ediDate) 오류' };
  if (tpayDecrypt(get('encryptData'), get('ediDate'), keyFor(mid)) !== amt + mid + moid) return { error: '위변조 검증 실패 (encryptData)' };
  if (!isWebUrl(get('returnUrl'))) return { error: '결제결과 전송 URL(returnUrl) 오류' };
  for (const k of ['cancelUrl', 'retryUrl']) if (get(k) !== '' && !isWebUrl(get(k))) return { error: `${k} 오류` };
  const vbankDue = get('vbankExpDate') === '' ? null : kstDeadline(get('vbankExpDate'));
  if (method === 'vbank' && get('vbankExpDate') !== '' && vbankDue === null) return { error: '가상계좌 입금기한(vbankExpDate) 오류' };
  const amount = Number(amt);
  // quotaFixed: the instalment months the window offers (openimp's reading: comma list, 00 = lump sum only).
  const fixed = get('quotaFixed').split(',').filter((q) => /^[0-9]{1,2}$/.test(q)).map(Number).filter((q) => q >= 2 && q <= 36);
  const cardCode = get('cardCode');
  return {
    provider: 'jtnet', mid, orderId: moid, amount, currency: 'KRW', taxFree: 0, name: get('goodsName'),
    buyer: { name: get('buyerName'), email: get('buyerEmail'), tel: get('buyerTel') },
    methods: [method], billing,
    amountNote: !billing ? null : amount > 0 ? '카드 등록과 함께 이 금액이 결제됩니다' : '카드 등록만 합니다 (결제 없음)',
    cardCodes: cardCode in cardCompanies ? [cardCode] : null, directQuota: null,
    // Instalments only from 50,000 KRW (reference §8.3).
    quotas: amount < MIN_INSTALMENT_KRW || get('quotaFixed') === '00' ? [] : fixed.length > 0 ? fixed : [2, 3, 4, 5, 6, 12],
    vbankDue, returnUrl: get('returnUrl'), notifyUrl: get('retryUrl'),
    extra: { payMethod, mallUserId: get('mallUserId'), mallReserved: get('mallReserved'), cancelUrl: get('cancelUrl') },
  };
}

/** The result's field set, every field present as the PG's form posts them; `amt`/`moid` encrypted. */
function resultFields(s: { mid: string; orderId: string; amount: number }, extra: Record<string, string>, payMethod: string, key: string, at: number, r: Code, over: Fields): Fields {
  const ediDate = ediDateOf(at);
  const failed = !([W.cardApproved, W.bankApproved, W.vbankIssued, W.phoneApproved, W.billKeyIssued, W.vbankDeposited] as Code[]).some((c) => c.code === r.code);
  return {
    payMethod, mid: s.mid, tid: '', mallUserId: extra.mallUserId ?? '',
    amt: tpayEncrypt(String(s.amount), ediDate, key), moid: tpayEncrypt(s.orderId, ediDate, key),
    buyerName: '', buyerTel: '', buyerEmail: '', mallReserved: extra.mallReserved ?? '', goodsName: '',
    authDate: '', authCode: '', fnCd: '', fnName: '', resultCd: r.code, resultMsg: r.msg,
    errorCd: failed ? r.code : '', errorMsg: failed ? r.msg : '', vbankNum: '', vbankExpDate: '', ediDate,
    stateCd: failed ? '' : STATE_APPROVED, cardNo: '', cardQuota: '', ...over,
  };
}

/** What a transaction adds to the result: ids, card or bank, the account of a vbank. */
function txFields(tx: BookTx): Fields {
  return {
    tid: tx.tid, authDate: authStamp(tx.at), authCode: tx.authCode ?? '',
    ...(tx.card ? { fnCd: tx.card.code, fnName: tx.card.name, cardNo: tx.card.number, cardQuota: String(tx.quota).padStart(2, '0') } : {}),
    ...(tx.bank ? { fnCd: tx.bank.code, fnName: tx.bank.name } : {}),
    ...(tx.vbank ? { fnCd: tx.vbank.code, fnName: tx.vbank.name, vbankNum: tx.vbank.num, vbankExpDate: kstDate(tx.vbank.due) } : {}),
  };
}

const approvedCode: Record<WindowMethod | 'key', Code> = { card: W.cardApproved, key: W.cardApproved, trans: W.bankApproved, vbank: W.vbankIssued, phone: W.phoneApproved };

/** The code and fields of a window's approval (operations.ts). */
function approvalResult(a: WindowApproval): { r: Code; over: Fields } {
  switch (a.kind) {
    case 'cancelled': return { r: W.userCancelled, over: {} };
    case 'auth_declined': return { r: { code: W.authFailed.code, msg: a.message }, over: {} };
    case 'garbage': return { r: W.systemError, over: {} };
    case 'invalid': return { r: jtnetApiCodes.badCardNo, over: {} };
    case 'key_refused': return { r: a.reason === 'invalid' ? jtnetApiCodes.badCardNo : jtnetDeclines[a.reason], over: {} };
    case 'declined': return { r: jtnetDeclines[a.reason], over: txFields(a.tx) };
    case 'paid': return { r: approvedCode[a.tx.method], over: txFields(a.tx) };
    case 'vbank': return { r: W.vbankIssued, over: txFields(a.tx) };
    case 'key': {
      const c = a.key.card;
      const keyFields = { cardToken: a.key.key, fnCd: c.code, fnName: c.name, cardNo: c.number };
      if (a.charge === null) return { r: W.billKeyIssued, over: keyFields };
      const r = a.charge.kind === 'paid' ? W.cardApproved : jtnetDeclines[a.charge.reason];
      return { r, over: { ...txFields(a.charge.tx), ...keyFields } };
    }
  }
}

/** The result the browser carries back (to `returnUrl`, or `cancelUrl` for a buyer's cancel). */
export function windowResult(s: WindowSession, a: WindowApproval | WindowAuth, key: string, at: number): Fields {
  const approval: WindowApproval = 'kind' in a ? a : a.result === 'cancelled' ? { kind: 'cancelled' } : { kind: 'auth_declined', message: a.result === 'declined' ? a.message : '' };
  const { r, over } = approvalResult(approval);
  const buyer = { buyerName: s.buyer.name, buyerTel: s.buyer.tel, buyerEmail: s.buyer.email, goodsName: s.name };
  return resultFields(s, s.extra, s.extra.payMethod ?? '', key, at, r, { ...buyer, ...over });
}

/** The deposit report sent to `retryUrl`: the result fields of the paid account (openimp's guess of its shape). */
export function depositReport(tx: BookTx, depositorName: string, key: string, at: number): Fields {
  const over = { ...txFields(tx), authDate: authStamp(at), vbankInputName: depositorName };
  return resultFields({ mid: tx.mid, orderId: tx.orderId, amount: tx.amount }, {}, jtnetPayMethods.vbank, key, at, W.vbankDeposited, over);
}
