/**
 * A sandbox PAYCO: the order sheet (the shared sandbox window, buyer picks card / transfer / vbank),
 * the approval of a certify token, auto-payment charges of keys issued in billing windows, cancels
 * against the balance, order details, and vbank deposits reported to the order's `serviceUrl`.
 */
import type { Provider } from '../../core/payment.ts';
import { jsonApiHandler, reply, type Json, type JsonReply } from '../json-api.ts';
import { sandboxBooks, type BookTx } from '../books.ts';
import { sandboxOperations, type WindowApproval } from '../operations.ts';
import {
  chargeCounter, defaultRandom, DEFAULT_TIMEOUT_DELAY_MS, randomDigits, randomHex, sameSecret, serialized,
  type SandboxSimulator, type SimulatorOptions,
} from '../simulator.ts';
import { windowRoutes } from '../window-routes.ts';
import { sendNotification } from '../window-session.ts';
import { invalidCardMessage } from '../test-cards.ts';
import { issuedAccount } from '../vbank-issue.ts';
import { paycoOrderSheet } from './order-sheet.ts';
import { notificationSignature, orderSheetSignature, PAYCO_SANDBOX_CP_ID, PAYCO_SANDBOX_KEY, PAYCO_SANDBOX_PRODUCT_ID, paycoCodes as C, paycoDeclines, paycoMethods, paycoPaths as P, type OrderResult } from './wire.ts';

const provider: Provider = 'payco';
type Reply = JsonReply;
const fail = (code: number, message: string): Reply => reply({ code, message });

function orderStatus(tx: BookTx): OrderResult['orderStatus'] {
  if (tx.state === 'declined') return 'DECLINED';
  if (tx.state === 'awaiting_deposit') return 'WAITING_DEPOSIT';
  return tx.remain === 0 ? 'CANCELLED' : tx.remain < tx.amount ? 'PART_CANCELLED' : 'PAID';
}

function orderResult(tx: BookTx): OrderResult {
  const detail: OrderResult['paymentDetails'][number] = {
    paymentMethodCode: tx.method === 'trans' ? paycoMethods.trans : tx.method === 'vbank' ? paycoMethods.vbank : paycoMethods.card,
    paymentTradeNo: `${tx.tid}01`, paymentAmt: tx.amount, tradeYmdt: String(tx.at),
    ...(tx.card ? { cardSettleInfo: {
      cardCompanyCode: tx.card.code, cardCompanyName: tx.card.name, cardNo: tx.card.number, cardType: tx.card.type === 1 ? 'CHECK' as const : 'CREDIT' as const,
      cardInstallmentMonthNumber: String(tx.quota).padStart(2, '0'), cardAdmissionNo: tx.authCode ?? '',
    } } : {}),
    ...(tx.bank ? { realtimeAccountTransferSettleInfo: { bankCode: tx.bank.code, bankName: tx.bank.name } } : {}),
    ...(tx.vbank ? { nonBankbookSettleInfo: { bankCode: tx.vbank.code, bankName: tx.vbank.name, accountNo: tx.vbank.num, accountHolder: tx.vbank.holder, paymentExpirationYmdt: tx.vbank.due } } : {}),
  };
  const decline = tx.declineReason ? paycoDeclines[tx.declineReason as keyof typeof paycoDeclines] : null;
  return {
    orderNo: tx.tid, sellerOrderReferenceKey: tx.orderId, totalPaymentAmt: tx.amount, orderStatus: orderStatus(tx), paymentDetails: [detail],
    ...(decline ? { failCode: decline.code, failMessage: decline.msg } : {}),
  };
}

/** An order answer: code 0 for paid/issued orders, the decline's code otherwise. */
function orderReply(tx: BookTx, delayMs: number): Reply {
  const result = orderResult(tx);
  return result.failCode ? reply({ code: result.failCode, message: result.failMessage, result }, delayMs) : reply({ code: C.success, message: 'success', result }, delayMs);
}

function approvalReply(a: WindowApproval): Reply {
  switch (a.kind) {
    case 'cancelled': return fail(C.userCancelled, '사용자가 결제를 취소했습니다');
    case 'auth_declined': return fail(C.windowFailed, a.message);
    case 'garbage': return 'garbage';
    case 'invalid': return fail(C.invalidCard, invalidCardMessage);
    case 'key_refused': return a.reason === 'invalid' ? fail(C.invalidCard, invalidCardMessage) : fail(paycoDeclines[a.reason].code, paycoDeclines[a.reason].msg);
    case 'key': {
      const c = a.key.card;
      const autoPayment = { autoPaymentKey: a.key.key, buyerEmail: a.key.buyerEmail ?? '', cardCompanyCode: c.code, cardCompanyName: c.name, cardNo: c.number, cardType: c.type === 1 ? 'CHECK' : 'CREDIT' };
      return reply({ code: C.success, message: 'success', autoPayment }, a.delayMs);
    }
    default: return orderReply(a.tx, a.delayMs);
  }
}

export function createPaycoSimulator(opts: SimulatorOptions): SandboxSimulator {
  const { now, store } = opts;
  const random = opts.random ?? defaultRandom;
  const books = sandboxBooks(store);
  const charges = chargeCounter();
  const keyFor = (seller: string) => opts.merchantKey?.(provider, seller) ?? PAYCO_SANDBOX_KEY;
  const ops = sandboxOperations({
    books, now, random, charges, exclusive: serialized(), timeoutDelayMs: opts.timeoutDelayMs ?? DEFAULT_TIMEOUT_DELAY_MS,
    newTid: () => `${now()}${randomDigits(random, 8)}`, newKey: () => `PCAP${randomHex(random, 16).toUpperCase()}`,
  });
  const notify = opts.notify ?? fetch;

  async function noticeDeposit(tx: BookTx, depositorName: string) {
    const response = JSON.stringify({
      sellerKey: tx.mid, orderNo: tx.tid, sellerOrderReferenceKey: tx.orderId, paymentMethodCode: paycoMethods.vbank,
      paymentAmt: tx.amount, depositorName, paymentCompletionYn: 'Y',
    });
    const body = new URLSearchParams({ response, signature: notificationSignature(response, keyFor(tx.mid)) }).toString();
    return sendNotification(notify, tx.notifyUrl!, body, 'application/x-www-form-urlencoded');
  }

  const win = windowRoutes({
    brand: { name: 'PAYCO', color: '#fa2828' }, store, now, random, vbankHolder: 'PAYCO 샌드박스',
    paths: { pay: P.orderSheet, deposit: P.deposit },
    open: (f) => paycoOrderSheet(f, keyFor, random),
    returnMethod: 'GET',
    returnFields: (s, a): Record<string, string> => a.result === 'cancelled' ? { code: String(C.userCancelled), message: '사용자가 결제를 취소했습니다', sellerOrderReferenceKey: s.orderId }
      : a.result === 'declined' ? { code: String(C.windowFailed), message: a.message, sellerOrderReferenceKey: s.orderId }
      : { code: '0', message: 'success', reserveOrderNo: s.id, sellerOrderReferenceKey: s.orderId, paymentCertifyToken: s.extra.certifyToken!, totalPaymentAmt: String(s.amount) },
    deposit: { books, ops, notify: noticeDeposit },
  });

  /** The caller check of the server APIs: the seller's registered cpId and productId. */
  function callerOk(seller: string, b: Json): boolean {
    const registered = opts.merchantCredentials?.(provider, seller) ?? null;
    return sameSecret(typeof b.cpId === 'string' ? b.cpId : null, registered?.cpId ?? PAYCO_SANDBOX_CP_ID)
      && sameSecret(typeof b.productId === 'string' ? b.productId : null, registered?.productId ?? PAYCO_SANDBOX_PRODUCT_ID);
  }

  /** An order's `orderCertifyKey`: drawn once, kept in the books, answered only by the (authenticated) detail API. */
  async function certifyKeyOf(tid: string): Promise<string> {
    const key = `order-certify-key:${tid}`;
    await store.claim(key, randomHex(random, 16));
    return (await store.get<string>(key))!;
  }

  const amountOk = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

  async function api(path: string, b: Json): Promise<Reply> {
    const seller = typeof b.sellerKey === 'string' && /^[A-Za-z0-9_]{3,32}$/.test(b.sellerKey) ? b.sellerKey : null;
    if (seller === null) return fail(C.badParam, 'sellerKey 오류');
    if (path === P.approval) {
      const s = await win.sessions.get(String(b.reserveOrderNo ?? ''));
      if (!s || s.mid !== seller || s.orderId !== b.sellerOrderReferenceKey || s.extra.certifyToken !== b.paymentCertifyToken || !s.auth) return fail(C.badToken, '인증 정보가 올바르지 않습니다');
      if (b.totalPaymentAmt !== s.amount) return fail(C.amountMismatch, '결제 금액이 주문서와 다릅니다');
      // A PAYCO billing window never charges (reference §6.1).
      return approvalReply(await ops.approveWindow(s, () => false));
    }
    if (path !== P.approval && !callerOk(seller, b)) return fail(C.badCaller, 'cpId/productId 인증 실패');
    if (path === P.autoPayment) {
      if (!amountOk(b.totalPaymentAmt) || typeof b.sellerOrderReferenceKey !== 'string' || b.sellerOrderReferenceKey === '') return fail(C.badParam, '결제 금액 또는 주문번호 오류');
      const r = await ops.chargeKey({
        mid: seller, orderId: b.sellerOrderReferenceKey, amount: b.totalPaymentAmt, currency: 'KRW', taxFree: Number(b.totalTaxfreeAmt ?? 0) || 0,
        buyerEmail: typeof b.buyerEmail === 'string' ? b.buyerEmail : null, key: String(b.autoPaymentKey ?? ''), quota: Number(b.cardInstallmentMonthNumber ?? 0) || 0,
      });
      if (r.kind === 'garbage') return 'garbage';
      if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 결제된 주문번호입니다 (금액 상이)');
      if (r.kind === 'unknown_key' || r.kind === 'refused') return fail(C.unknownKey, '등록되지 않은 자동결제 키');
      if (r.kind === 'invalid') return fail(C.invalidCard, invalidCardMessage);
      return orderReply(r.tx, r.delayMs);
    }
    if (path === P.cancel) {
      if (!amountOk(b.cancelTotalAmt)) return fail(C.badParam, '취소 금액 오류');
      const target = await books.findTx(String(b.orderNo ?? ''));
      if (target && target.mid === seller && !sameSecret(typeof b.orderCertifyKey === 'string' ? b.orderCertifyKey : null, await certifyKeyOf(target.tid))) {
        return fail(C.badCertifyKey, 'orderCertifyKey 오류');
      }
      const r = await ops.cancel(seller, { tid: String(b.orderNo ?? '') }, b.cancelTotalAmt, Number(b.totalCancelTaxfreeAmt ?? 0) || 0, { fullOnly: b.cancelType === 'ALL' });
      if (r.kind === 'refused') {
        const codes = { no_tx: [C.noOrder, '주문이 없습니다'], over: [C.overCancel, '취소 금액이 잔액을 초과합니다'], nothing_left: [C.nothingLeft, '이미 전액 취소된 주문입니다'],
          not_full: [C.notFullBalance, '전체취소 금액이 잔액과 다릅니다'], tax_free: [C.badCancelTaxFree, '면세 취소 금액 오류'], not_paid: [C.notPaid, '결제 완료되지 않은 주문입니다'] } as const;
        return fail(codes[r.why][0], codes[r.why][1]);
      }
      return reply({ code: C.success, message: 'success', result: { cancelTradeSeq: r.cancel.cancelTid, totalCancelPaymentAmt: r.cancel.amount, remainAmt: r.tx.remain } });
    }
    if (path === P.vbankIssue) {
      const order = String(b.sellerOrderReferenceKey ?? '');
      const due = b.vbankExpireYmdt;
      const taxFree = Number(b.totalTaxfreeAmt ?? 0);
      if (!amountOk(b.totalPaymentAmt) || order === '' || !Number.isSafeInteger(due) || (due as number) <= now() || !Number.isSafeInteger(taxFree) || taxFree < 0 || taxFree > b.totalPaymentAmt) {
        return fail(C.badParam, '금액, 주문번호 또는 입금기한 오류');
      }
      if (typeof b.serviceUrl !== 'string' || !/^https?:\/\//.test(b.serviceUrl)) return fail(C.badParam, 'serviceUrl 오류');
      const signed = orderSheetSignature({ sellerKey: seller, sellerOrderReferenceKey: order, totalPaymentAmt: String(b.totalPaymentAmt), autoPaymentYn: 'N' }, keyFor(seller));
      if (b.signature !== signed) return fail(C.badSignature, '위변조 검증 실패 (signature)');
      const account = issuedAccount(random, String(b.bankCode ?? ''), typeof b.accountHolder === 'string' && b.accountHolder !== '' ? b.accountHolder : 'PAYCO 샌드박스', due as number);
      if (!account) return fail(C.badParam, '은행코드 오류');
      const r = await ops.issueVbank({ mid: seller, orderId: order, amount: b.totalPaymentAmt, currency: 'KRW', taxFree, buyerEmail: null }, account, b.serviceUrl);
      return r.kind === 'duplicate' ? fail(C.duplicateOrder, '이미 처리된 주문번호입니다') : orderReply(r.tx, 0);
    }
    if (path === P.detail) {
      const tx = await books.findOrder(seller, String(b.sellerOrderReferenceKey ?? ''));
      if (!tx) return fail(C.notFound, '주문 없음');
      const cancelDetails = tx.cancels.map((c) => ({ cancelTradeSeq: c.cancelTid, cancelPaymentAmt: c.amount }));
      return reply({ code: C.success, message: 'success', result: { ...orderResult(tx), orderCertifyKey: await certifyKeyOf(tx.tid), totalCancelPaymentAmt: tx.amount - tx.remain, cancelDetails } });
    }
    return fail(C.badParam, '지원하지 않는 요청');
  }

  return {
    provider,
    handle: jsonApiHandler({ provider, pages: (req, path, base) => win.route(req, path, base), apiPrefix: '/easypay/', notFound: { code: 3001, message: 'not found' }, badJson: { code: C.badParam, message: 'JSON 형식 오류' }, api }),
    stats: () => charges.stats(),
    approvedCharges: (orderId) => charges.count(orderId),
    depositVbank: win.depositByTid,
  };
}
