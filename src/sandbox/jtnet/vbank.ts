/**
 * The sandbox JTNet's virtual accounts outside its window: openimp's REST vbank issue
 * (`POST /api/vbank/issue`, form fields in TPay style, signed like the window start: the repo's
 * JTNet wire has no such call, docs/differences.md) and the deposit that pays an issued account and
 * reports it to its `notifyUrl` (the window's deposit page and the sandbox deposit control).
 */
import { issuedAccount, depositAmountOk, type DepositDone, type DepositRequest } from '../vbank-issue.ts';
import { randomDigits } from '../simulator.ts';
import { sendNotification } from '../window-session.ts';
import { awaitsDeposit, isPaid, type TxRecord } from './ledger.ts';
import { jtnetResults as R } from './wire.ts';
import { jtnetWindowResults as W, notifySignature, vbankIssueSignature } from './window-wire.ts';
import type { JtnetWindowDeps } from './window.ts';

type Body = Record<string, string>;
const refuse = (r: { code: string; msg: string }): Body => ({ resultCd: r.code, resultMsg: r.msg });
const isWebUrl = (v: string): boolean => /^https?:\/\/[^\s]+$/.test(v);

/** `POST /api/vbank/issue`: mid, moid, amt, taxFreeAmt, vbankBankCd, vbankHolder, vbankExpDate (unix seconds), notifyUrl, encData. */
export async function issueVbank(d: JtnetWindowDeps, form: URLSearchParams): Promise<Body> {
  const get = (k: string) => form.get(k) ?? '';
  const mid = get('mid');
  if (!/^[A-Za-z0-9_]{4,20}$/.test(mid)) return refuse(R.badMid);
  const moid = get('moid');
  if (moid === '' || moid.length > 64 || !isWebUrl(get('notifyUrl'))) return refuse(R.badParam);
  if (!/^[1-9][0-9]{0,11}$/.test(get('amt'))) return refuse(R.badAmount);
  const amt = Number(get('amt'));
  const taxFree = get('taxFreeAmt') === '' ? 0 : /^(0|[1-9][0-9]{0,11})$/.test(get('taxFreeAmt')) ? Number(get('taxFreeAmt')) : -1;
  if (taxFree < 0 || taxFree > amt) return refuse(R.badTaxFree);
  const due = /^[1-9][0-9]{0,11}$/.test(get('vbankExpDate')) ? Number(get('vbankExpDate')) : 0;
  if (due <= d.now()) return refuse(R.badParam);
  const f = { mid, moid, amt: get('amt'), vbankBankCd: get('vbankBankCd'), vbankExpDate: get('vbankExpDate') };
  if (get('encData') !== vbankIssueSignature(f, d.keyFor(mid))) return { resultCd: W.badSignature.code, resultMsg: W.badSignature.msg };
  const account = issuedAccount(d.random, f.vbankBankCd, get('vbankHolder') || 'JTNet 샌드박스', due);
  if (!account) return refuse(R.badParam);
  return d.exclusive(async (): Promise<Body> => {
    const existing = await d.ledger.findOrder(mid, moid);
    if (existing && (isPaid(existing) || awaitsDeposit(existing))) return refuse(R.duplicateOrder);
    const at = d.now();
    const tx = await d.ledger.addNewTx(() => `${mid}01${d.stamp(at)}${randomDigits(d.random, 6)}`, (tid): TxRecord => ({
      tid, mid, moid, amt, taxFreeAmt: taxFree, remainAmt: 0, remainTaxFree: 0, resultCd: W.vbankIssued.code, resultMsg: W.vbankIssued.msg,
      authCd: null, authDate: d.stamp(at), cardQuota: '00', card: null, cancels: [], createdAt: at,
      window: { payMethod: 'vbank', bank: null, vbank: { ...account, paidAt: null }, notifyUrl: get('notifyUrl') },
    }));
    return {
      resultCd: W.vbankIssued.code, resultMsg: W.vbankIssued.msg, tid: tx.tid, moid, amt: String(amt),
      vbankBankCd: account.code, vbankBankNm: account.name, vbankNum: account.num, vbankHolder: account.holder, vbankExpDate: String(due),
    };
  });
}

/** Pays an issued account (`amount`: the merchant's current amount, null = as issued) and notifies `notifyUrl`. */
export async function depositVbank(d: JtnetWindowDeps, find: () => Promise<TxRecord | undefined>, want: DepositRequest): Promise<DepositDone> {
  const done = await d.exclusive(async () => {
    const tx = await find();
    if (!tx || !awaitsDeposit(tx)) return 'none' as const;
    if (d.now() > tx.window!.vbank!.due) return 'expired' as const;
    if (!depositAmountOk(want.amount, tx.taxFreeAmt)) return 'bad_amount' as const;
    if (want.amount !== null) tx.amt = want.amount;
    tx.window!.vbank!.paidAt = d.now();
    tx.remainAmt = tx.amt;
    tx.remainTaxFree = tx.taxFreeAmt;
    await d.ledger.updateTx(tx);
    d.charges.record(tx.moid);
    return tx;
  });
  if (typeof done === 'string') return { kind: 'refused', why: done };
  const n = { mid: done.mid, tid: done.tid, moid: done.moid, amt: String(done.amt), resultCd: W.vbankDeposited.code };
  const note = { ...n, resultMsg: W.vbankDeposited.msg, payMethod: 'VBANK', depositorName: want.depositorName, sign: notifySignature(n, d.keyFor(done.mid)) };
  const sent = await sendNotification(d.notify, done.window!.notifyUrl, new URLSearchParams(note).toString(), 'application/x-www-form-urlencoded');
  return { kind: 'deposited', tid: done.tid, orderId: done.moid, notified: sent.delivered, notifyStatus: sent.status };
}
