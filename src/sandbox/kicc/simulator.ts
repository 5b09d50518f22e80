/**
 * A sandbox KICC (EasyPay) on KICC's online-payment REST API (reference §1; docs/pgs/kicc-fake.md):
 * transaction registration to a payment window (`authPageUrl`), the window's POST to `returnUrl`,
 * approval of the `authorizationId` (payments and billing keys), billing-key charges and removal,
 * revise (cancels, refunds, escrow delivery), lookups by `shopTransactionId`, openimp's REST vbank,
 * and KICC's JSON notifications (deposits through the sandbox deposit control).
 */
import { chosenOutcomes } from '../chosen-outcomes.ts';
import type { Provider } from '../../core/payment.ts';
import type { BookTx } from '../books.ts';
import { sandboxBooks } from '../books.ts';
import { jsonApiHandler, reply, type Json, type JsonReply } from '../json-api.ts';
import { sandboxOperations } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, randomDigits, randomHex, serialized, type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { windowRoutes } from '../window-routes.ts';
import { kiccApprovals } from './approvals.ts';
import { kiccNotifier } from './notify.ts';
import { MALL_ID, readRegistration } from './register.ts';
import { fingerprint, isTransactionId, keptRequests } from './requests.ts';
import { planRevise, runCancel } from './revise.ts';
import { reviseBody, statusOf, tradeBody } from './trade.ts';
import { issueVbank } from './vbank.ts';
import { fail, str } from './fields.ts';
import {
  isCurrentDate, KICC_SANDBOX_KEY, kiccCodes as C, kiccPaths as P, kstDate, kstDateTime, macMatches, notiTypes as N,
} from './wire.ts';

const provider: Provider = 'kicc';
const REQUEST_REFUSALS: ReadonlySet<string> = new Set([C.badParam, C.badMall, C.badAuth, C.badDate, C.badAuthorization]);

export function createKiccSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const exclusive = serialized();
  const secretOf = (mid: string) => opts.merchantKey?.(provider, mid) ?? KICC_SANDBOX_KEY;
  // pgCno: 20 digits, yyMMddHHmmss (KST) + 8 digits, like the recorded ones.
  const newTid = () => `${kstDateTime(now()).slice(2)}${randomDigits(random, 8)}`;
  const choices = opts.choices ?? chosenOutcomes();
  const ops = sandboxOperations({
    books, now, random, charges, choices, exclusive, timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid, newKey: () => randomHex(random, 10).toUpperCase(),
  });
  const registeredNotifyUrl = (mid: string) => opts.merchantNotifyUrl?.(provider, mid) ?? null;
  const noti = kiccNotifier(store, opts.notify ?? fetch, now, registeredNotifyUrl);
  const kept = keptRequests(store);

  const win = windowRoutes({
    brand: { name: 'KICC 이지페이', color: '#e5322d' }, store, now, random, vbankHolder: 'KICC 가상계좌',
    paths: { pay: null, deposit: P.deposit },
    returnMethod: 'POST',
    returnFields: async (s, a): Promise<Record<string, string>> => {
      const shopValues = JSON.parse(s.extra.shopValues ?? '{}') as Record<string, string>;
      const base = { shopOrderNo: s.orderId, ...shopValues };
      if (a.result === 'cancelled') return { resCd: C.userCancelled, resMsg: '고객이 결제를 취소했습니다', ...base };
      if (a.result === 'declined') return { resCd: C.windowFailed, resMsg: a.message, ...base };
      // A new id for the authentication, not the window's (its URL is no secret): String(60), 32 here.
      const authorizationId = `${kstDateTime(now()).slice(2)}${randomHex(random, 10).toUpperCase()}`;
      await store.set(`authorization:${authorizationId}`, s.id);
      return { resCd: C.success, resMsg: '정상처리', ...base, authorizationId };
    },
    deposit: {
      books, ops,
      notify: (tx, depositorName) => noti.now(tx, N.deposit, {
        depositAmount: tx.amount, depositDate: kstDateTime(now()), depositorName,
        bankCode: tx.vbank?.code ?? '', bankName: tx.vbank?.name ?? '', accountNo: tx.vbank?.num ?? '',
      }),
    },
  });
  const approvals = kiccApprovals({ store, books, ops, win, secretOf, newTid, now, noti });

  async function register(b: Json, base: string): Promise<JsonReply> {
    const init = readRegistration(b, now(), registeredNotifyUrl);
    if ('resCd' in init) return reply(init);
    const paid = await books.findOrder(init.mid, init.orderId);
    if (paid && paid.state !== 'declined') return fail(C.duplicateOrder, '이미 결제된 주문번호입니다 (shopOrderNo)');
    await noti.learn(init.mid, init.notifyUrl);
    const s = await win.start(init);
    return reply({ resCd: C.success, resMsg: '정상처리', authPageUrl: `${base}${s.windowPath}` });
  }

  async function revise(b: Json, mid: string, stid: string): Promise<JsonReply> {
    const pgCno = str(b.pgCno);
    if (!macMatches(b.msgAuthValue, secretOf(mid), [pgCno, stid])) return fail(C.badAuth, '메시지 인증값 오류 (msgAuthValue)');
    if (!isCurrentDate(b.cancelReqDate, now())) return fail(C.badDate, '요청일자 오류 (cancelReqDate: 당일)');
    const tx = await books.findTx(pgCno);
    if (!tx || tx.mid !== mid) return fail(C.noTx, '원거래가 없습니다 (pgCno)');
    const plan = planRevise(b, tx);
    if ('resCd' in plan) return reply(plan);
    if (plan.kind === 'void') return voidVbank(tx, stid);
    if (plan.kind === 'escrow') {
      noti.later(tx, N.escrow, { escrowStatusCode: 'ES07', deliveryCode: plan.delivery.code, deliveryCorpCode: plan.delivery.corp, deliveryInvoice: plan.delivery.invoice });
      return reply({ resCd: C.success, resMsg: '정상처리', mallId: mid, shopTransactionId: stid, shopOrderNo: tx.orderId, oriPgCno: tx.tid, cancelPgCno: '',
        transactionDate: kstDateTime(now()), cancelAmount: 0, remainAmount: tx.remain, statusCode: statusOf(tx)[0], statusMessage: statusOf(tx)[1], escrowUsed: 'Y' });
    }
    const r = await runCancel(ops, tx, plan, stid);
    if ('resCd' in r) return reply(r);
    const body = reviseBody(r.tx, r.cancel, plan.full, stid, plan.refund);
    const change = { cancelPgCno: r.cancel.cancelTid, cancelAmount: r.cancel.amount, remainAmount: r.tx.remain, cancelDate: kstDateTime(r.cancel.at) };
    noti.later(r.tx, N.change, change);
    if (plan.refund) noti.later(r.tx, N.refunded, change);
    return reply({ resCd: C.success, resMsg: plan.full ? '정상취소' : '정상처리', ...body });
  }

  /** A full cancel (40) of a virtual account nobody paid yet: the account takes no deposit any more. */
  function voidVbank(tx: BookTx, stid: string): Promise<JsonReply> {
    return exclusive(async () => {
      const fresh = (await books.findTx(tx.tid))!;
      if (fresh.state !== 'awaiting_deposit') return fail(C.notPaid, '취소할 수 없는 거래 상태입니다');
      fresh.state = 'declined';
      fresh.declineReason = 'voided';
      await books.updateTx(fresh);
      const [statusCode, statusMessage] = statusOf(fresh);
      return reply({ resCd: C.success, resMsg: '정상취소', mallId: fresh.mid, shopTransactionId: stid, shopOrderNo: fresh.orderId, oriPgCno: fresh.tid, cancelPgCno: '',
        transactionDate: kstDateTime(now()), cancelAmount: 0, remainAmount: 0, statusCode, statusMessage, escrowUsed: fresh.escrow ? 'Y' : 'N' });
    });
  }

  /** `retrieveTransaction`: the call a shopTransactionId made, yesterday or today only; no msgAuthValue. */
  async function retrieve(b: Json, mid: string, stid: string): Promise<JsonReply> {
    const date = str(b.transactionDate);
    if (!/^\d{8}$/.test(date)) return fail(C.badParam, '거래일자 오류 (transactionDate: yyyyMMdd)');
    if (date !== kstDate(now()) && date !== kstDate(now() - 24 * 3600)) return fail(C.outOfWindow, '조회 가능 기간(전일, 당일)이 지났습니다');
    const k = await kept.get(mid, stid);
    if (!k || k.date !== date || k.path === P.retrieve) return fail(C.notFound, '거래내역이 없습니다');
    const { msgAuthValue: _dropped, ...answer } = k.answer;
    const tx = k.tid ? await books.findTx(k.tid) : undefined;
    if (!tx) return reply(answer);
    return reply({ ...answer, ...tradeBody(tx, { ...(await approvals.extraOf(tx.tid)), shopTransactionId: stid }) });
  }

  /** Calls keyed by shopTransactionId: the same request again answers the first answer. */
  async function idempotent(path: string, b: Json, mid: string, stid: string, run: () => Promise<JsonReply>): Promise<JsonReply> {
    const fp = fingerprint(path, b);
    const before = await kept.get(mid, stid);
    if (before) return before.fingerprint === fp ? reply(before.answer) : fail(C.idempotencyConflict, '이미 사용된 shopTransactionId 입니다');
    const r = await run();
    // A request refused as malformed or unauthenticated did nothing: its key stays free for the corrected request.
    if (r !== 'garbage' && !REQUEST_REFUSALS.has(String(r.body.resCd))) {
      const pgCno = typeof r.body.pgCno === 'string' && r.body.resCd === C.success && path !== P.revise ? r.body.pgCno : null;
      await kept.keep(mid, stid, { path, fingerprint: fp, date: kstDate(now()), answer: r.body, tid: pgCno && (await books.findTx(pgCno)) ? pgCno : null });
    }
    return r;
  }

  async function api(path: string, body: Json, base: string): Promise<JsonReply> {
    const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
    if (path === P.register) return register(b, base);
    const mid = str(b.mallId);
    if (!MALL_ID.test(mid)) return fail(C.badMall, '상점ID 오류 (mallId)');
    const stid = b.shopTransactionId;
    if (!isTransactionId(stid)) return fail(C.badParam, 'shopTransactionId 오류 (60자 이내)');
    // Kept by its shopTransactionId like KICC's own calls, so retrieveTransaction finds the issued account.
    if (path === P.vbankIssue) return idempotent(path, b, mid, stid, () => issueVbank({ b, mid, now, random, ops, secret: secretOf(mid), noti }));
    if (path === P.retrieve) return retrieve(b, mid, stid);
    if (path === P.approval) return idempotent(path, b, mid, stid, () => approvals.approve(b, mid, stid));
    if (path === P.batchApproval) return idempotent(path, b, mid, stid, () => approvals.charge(b, mid, stid));
    if (path === P.removeBatchKey) return idempotent(path, b, mid, stid, () => approvals.removeKey(b, mid, stid));
    if (path === P.revise) return idempotent(path, b, mid, stid, () => revise(b, mid, stid));
    return fail(C.badParam, '지원하지 않는 API 입니다');
  }

  return {
    provider,
    choices,
    handle: jsonApiHandler({
      provider, pages: (req, path, base) => win.route(req, path, base), apiPrefix: '/api/',
      notFound: { resCd: C.badParam, resMsg: '지원하지 않는 API 입니다' }, badJson: { resCd: C.badParam, resMsg: 'JSON 형식 오류' }, api,
    }),
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: win.depositByTid,
  };
}
