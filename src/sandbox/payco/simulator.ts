/**
 * A sandbox PAYCO on PAYCO's "outseller" API (pg-protocols.md §2, docs/pgs/payco-fake.md): order
 * reserve → order sheet (PAYCO login, method, payment password) → returnUrl with a
 * paymentCertifyToken → approval; cancels and their availability check; order product status;
 * getDetailForVerify; recurring payments (autoPayment reserve/info/payment/delete); the deposit
 * notice to `nonBankbookDepositInformUrl`; and openimp's REST vbank issue. JSON in, PAYCO's envelope
 * `{code, message, result}` out.
 */
import { chosenOutcomes } from '../chosen-outcomes.ts';
import { sandboxBooks, type BookTx } from '../books.ts';
import { jsonApiHandler, type Json, type JsonReply } from '../json-api.ts';
import { sandboxOperations } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, serialized, type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { issuedAccount } from '../vbank-issue.ts';
import { windowRoutes } from '../window-routes.ts';
import { messagePage } from '../window-page.ts';
import { sendNotification } from '../window-session.ts';
import { autoDelete, autoInfo, autoPayment, autoReserve, autoReturn } from './auto-payment.ts';
import { cancel, cancelCheck } from './cancel-api.ts';
import { fail, ok, paycoContext, provider, sellerOf, type PaycoCtx } from './context.ts';
import { approval, checkUsability, newOrder, orderReturn, reserve, updateStatus, verify } from './order-api.ts';
import { orderResult } from './orders.ts';
import { readSplit } from './reserve.ts';
import { readSheet, sheetHtml } from './sheet.ts';
import { amountOf, isWebUrl, parseYmdt, paycoCodes as C, paycoPaths as P } from './wire.ts';

const brand = { name: 'PAYCO', color: '#fa2828' };

/**
 * The deposit notice (무통장입금 완료 통보) to the order's `nonBankbookDepositInformUrl`. Its fields are
 * not public: openimp sends what PAYCO's serviceUrl notice carries (form field `response`, the order
 * as JSON text) and expects the plain-text `OK` the samples answer; there is no signature, the
 * merchant re-reads the order with getDetailForVerify.
 */
async function depositNotice(ctx: PaycoCtx, notify: typeof fetch, tx: BookTx, depositorName: string): Promise<{ delivered: boolean; status: number | null }> {
  const o = await ctx.exclusive(async () => {
    const kept = await ctx.order(tx.tid);
    if (!kept) return undefined;
    for (const p of kept.products) if (p.statusCode === 'OPSWAIT') p.statusCode = 'OPSPAED';
    await ctx.saveOrder(kept);
    return kept;
  });
  if (!o || !isWebUrl(tx.notifyUrl)) return { delivered: false, status: null };
  const response = JSON.stringify({ sellerKey: tx.mid, ...orderResult(tx, o, null), depositorName });
  const sent = await sendNotification(notify, tx.notifyUrl, new URLSearchParams({ response }).toString(), 'application/x-www-form-urlencoded');
  return { delivered: sent.delivered && sent.answer.trim() === 'OK', status: sent.status };
}

/**
 * openimp's REST vbank issue (the gateway's `POST /vbanks`; PAYCO publishes none): the seller's keys,
 * the order and the account as PAYCO's field names have them. Answers the order like an approval.
 */
async function vbankIssue(ctx: PaycoCtx, b: Json): Promise<JsonReply> {
  const seller = sellerOf(b);
  if (!seller) return fail(C.notAllowedSeller, '가맹점 정보가 없습니다 (sellerKey)');
  if (!ctx.contracted(seller, b.cpId, b.productId)) return fail(C.badProduct, '가맹점에 등록되지 않은 상점ID(cpId) 또는 상품ID(productId) 입니다');
  const ref = typeof b.sellerOrderReferenceKey === 'string' && b.sellerOrderReferenceKey !== '' ? b.sellerOrderReferenceKey : null;
  const amount = amountOf(b.totalPaymentAmt);
  if (!ref || !amount) return fail(C.badParam, 'sellerOrderReferenceKey, totalPaymentAmt 오류');
  const split = readSplit(b, amount, 'total');
  if ('code' in split) return fail(split.code, split.message);
  const due = typeof b.virtualAccountExpiryYmd === 'string' ? parseYmdt(b.virtualAccountExpiryYmd) : Number.isSafeInteger(b.vbankExpireYmdt) ? (b.vbankExpireYmdt as number) : null;
  if (due === null || due <= ctx.now()) return fail(C.badParam, '입금기한(virtualAccountExpiryYmd) 오류');
  const notifyUrl = b.nonBankbookDepositInformUrl ?? b.serviceUrl;
  if (!isWebUrl(notifyUrl)) return fail(C.badParam, 'nonBankbookDepositInformUrl 오류');
  const account = issuedAccount(ctx.random, String(b.bankCode ?? ''), typeof b.accountHolder === 'string' && b.accountHolder !== '' ? b.accountHolder : 'PAYCO 샌드박스', due);
  if (!account) return fail(C.badParam, '은행코드(bankCode) 오류');
  const r = await ctx.ops.issueVbank({ mid: seller, orderId: ref, amount, currency: 'KRW', taxFree: split.taxFree, buyerEmail: null }, account, notifyUrl);
  if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 처리된 주문번호(sellerOrderReferenceKey) 입니다');
  const o = newOrder(ctx, r.tx, { products: [], split, orderChannel: 'PC', reserveOrderNo: null }, 0, null);
  await ctx.saveOrder(o);
  return ok(orderResult(r.tx, o, null));
}

export function createPaycoSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const notify = opts.notify ?? fetch;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  // ctx is built after the window (it needs it); the window's callbacks only run on requests.
  let ctx: PaycoCtx;
  const choices = opts.choices ?? chosenOutcomes();
  const ops = sandboxOperations({
    books, now, random, charges, choices, exclusive: serialized(), timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid: () => ctx.newNo(), newKey: () => `PCAP${ctx.newSecret(12).toUpperCase().replace(/[^A-Z0-9]/g, '0')}`,
  });
  const win = windowRoutes({
    brand, store, now, random, vbankHolder: 'PAYCO(엔에이치엔페이코)',
    paths: { pay: null, deposit: P.deposit },
    returnMethod: 'GET',
    async returnFields(s, a) {
      const r = await ctx.reservation(s.extra.reserveOrderNo ?? '');
      if (!r) return { code: String(C.noReservation), message: '주문예약 정보가 없습니다' };
      return r.kind === 'auto' ? autoReturn(ctx, r, s, a) : orderReturn(ctx, r, s, a);
    },
    own: { html: sheetHtml, read: readSheet },
    deposit: { books, ops, notify: (tx, name) => depositNotice(ctx, notify, tx, name) },
  });
  ctx = paycoContext(opts, { books, ops, win, random });

  /** `orderSheetUrl`: the reservation's sheet, once, before its end. */
  async function sheet(no: string, base: string): Promise<Response> {
    const r = await ctx.reservation(no);
    if (!r) return messagePage(brand, '주문예약 정보가 없습니다.', 404);
    if (r.expiresAt !== null && now() > r.expiresAt) return messagePage(brand, '결제 가능 시간이 지났습니다. 가맹점에서 다시 주문해 주세요.', 410);
    return new Response(null, { status: 303, headers: { location: `${base}/window/${r.sessionId}`, 'cache-control': 'no-store' } });
  }

  const routes: Record<string, (b: Json, base: string) => Promise<JsonReply> | JsonReply> = {
    [P.reserve]: (b, base) => reserve(ctx, b, base),
    [P.approval]: (b) => approval(ctx, b),
    [P.verify]: (b) => verify(ctx, b),
    [P.cancel]: (b) => cancel(ctx, b),
    [P.cancelCheck]: (b) => cancelCheck(ctx, b),
    [P.updateStatus]: (b) => updateStatus(ctx, b),
    [P.keyCheck]: (b) => checkUsability(ctx, b),
    [P.autoReserve]: (b, base) => autoReserve(ctx, b, base),
    [P.autoInfo]: (b) => autoInfo(ctx, b),
    [P.autoPayment]: (b) => autoPayment(ctx, b),
    [P.autoDelete]: (b) => autoDelete(ctx, b),
    [P.vbankIssue]: (b) => vbankIssue(ctx, b),
  };

  return {
    provider,
    choices,
    handle: jsonApiHandler({
      provider,
      async pages(req, path, base) {
        for (const prefix of [P.orderSheet, P.autoSheet]) {
          if (req.method === 'GET' && path.startsWith(prefix) && /^[0-9]{18}$/.test(path.slice(prefix.length))) return sheet(path.slice(prefix.length), base);
        }
        return win.route(req, path, base);
      },
      apiPrefix: '/',
      notFound: { code: C.notFound, message: 'not found' },
      badJson: { code: C.badParam, message: 'JSON 형식 오류' },
      api: async (path, b, base) => {
        if (b === null || typeof b !== 'object' || Array.isArray(b)) return fail(C.badParam, 'JSON 형식 오류');
        return routes[path] ? routes[path](b, base) : fail(C.notFound, 'not found');
      },
    }),
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: win.depositByTid,
  };
}
