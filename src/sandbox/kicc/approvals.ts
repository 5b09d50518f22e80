/**
 * The calls that move money or keys: approval of a window's `authorizationId`
 * (`/api/ep9/trades/approval`: a payment, an issued virtual account, or a billing key), a
 * billing-key charge (`/api/trades/approval/batch`) and the key's removal
 * (`/api/trades/removeBatchKey`). Money answers carry `msgAuthValue` =
 * HMAC(secret, pgCno|amount|transactionDate) for the merchant to check.
 */
import { MIN_INSTALMENT_KRW } from '../../core/money.ts';
import type { BookKey, BookTx, SandboxBooks } from '../books.ts';
import type { SimulatorStore } from '../contract.ts';
import { reply, type Json, type JsonReply } from '../json-api.ts';
import type { Charged, SandboxOperations, WindowApproval } from '../operations.ts';
import { invalidCardMessage } from '../test-cards.ts';
import type { windowRoutes } from '../window-routes.ts';
import type { kiccNotifier } from './notify.ts';
import { ORDER_NO } from './register.ts';
import { keyBody, tradeBody, type TradeExtra } from './trade.ts';
import { isCurrentDate, kiccCodes as C, kiccDeclines, kiccMac, notiTypes as N } from './wire.ts';
import { fail, obj, str } from './fields.ts';

type Deps = {
  store: SimulatorStore;
  books: SandboxBooks;
  ops: SandboxOperations;
  win: ReturnType<typeof windowRoutes>;
  secretOf(mid: string): string;
  newTid(): string;
  now(): number;
  noti: ReturnType<typeof kiccNotifier>;
};


type Extra = Omit<TradeExtra, 'shopTransactionId'>;

export function kiccApprovals(d: Deps) {
  const extraKey = (tid: string) => `trade-extra:${tid}`;
  const extraOf = async (tid: string): Promise<Extra> => (await d.store.get<Extra>(extraKey(tid))) ?? {};

  /** A trade's answer, signed; a decline answers KICC's decline code with the order's facts. */
  function tradeReply(tx: BookTx, stid: string, extra: Extra, delayMs: number, resMsg: string): JsonReply {
    if (tx.state === 'declined') {
      const dc = kiccDeclines[(tx.declineReason ?? 'generic') as keyof typeof kiccDeclines] ?? kiccDeclines.generic;
      return reply({ resCd: dc.code, resMsg: dc.msg, mallId: tx.mid, shopTransactionId: stid, shopOrderNo: tx.orderId, amount: tx.amount }, delayMs);
    }
    const body = tradeBody(tx, { ...extra, shopTransactionId: stid });
    const msgAuthValue = kiccMac(d.secretOf(tx.mid), [tx.tid, tx.amount, String(body.transactionDate)]);
    return reply({ resCd: C.success, resMsg, ...body, msgAuthValue }, delayMs);
  }

  async function keyReply(k: BookKey, stid: string, orderNo: string, delayMs: number): Promise<JsonReply> {
    // The key's issuance keeps one pgCno, whichever approval call asks again.
    const issued = (await d.store.get<{ pgCno: string; at: number }>(`key-issue:${k.key}`)) ?? { pgCno: await d.books.newId(d.newTid), at: d.now() };
    await d.store.set(`key-issue:${k.key}`, issued);
    const body = keyBody(k, issued.pgCno, issued.at, stid, orderNo);
    return reply({ resCd: C.success, resMsg: '정상처리', ...body, msgAuthValue: kiccMac(d.secretOf(k.mid), [issued.pgCno, 0, String(body.transactionDate)]) }, delayMs);
  }

  /** `resMsg`: the recorded batch approval says "단독승인 정상"; a window approval's is a guess. */
  async function afterCharge(c: Charged | Extract<WindowApproval, { kind: 'vbank' }>, stid: string, extra: Extra, resMsg: string): Promise<JsonReply> {
    if (c.kind === 'garbage') return 'garbage';
    if (c.kind === 'invalid') return fail(C.invalidCard, invalidCardMessage);
    await d.store.set(extraKey(c.tx.tid), extra);
    if (c.kind === 'paid') d.noti.later(c.tx, N.approval);
    return tradeReply(c.tx, stid, extra, c.delayMs, resMsg);
  }

  return {
    extraOf,

    async approve(b: Json, mid: string, stid: string): Promise<JsonReply> {
      if (!isCurrentDate(b.approvalReqDate, d.now())) return fail(C.badDate, '요청일자 오류 (approvalReqDate: 당일)');
      const sid = await d.store.get<string>(`authorization:${str(b.authorizationId)}`);
      const s = sid ? await d.win.sessions.get(sid) : undefined;
      if (!s || s.mid !== mid || s.orderId !== b.shopOrderNo) return fail(C.badAuthorization, '인증정보가 올바르지 않습니다 (authorizationId)');
      if (!s.auth) return fail(C.badAuthorization, '결제창 인증이 완료되지 않았습니다');
      const a = await d.ops.approveWindow(s, () => false);
      switch (a.kind) {
        case 'cancelled': return fail(C.userCancelled, '고객이 결제를 취소했습니다');
        case 'auth_declined': return fail(C.windowFailed, a.message);
        case 'key_refused': return a.reason === 'invalid' ? fail(C.invalidCard, invalidCardMessage) : fail(kiccDeclines[a.reason].code, kiccDeclines[a.reason].msg);
        case 'key': return keyReply(a.key, stid, s.orderId, a.delayMs);
        default: {
          const auth = s.auth.result === 'authenticated' ? s.auth : null;
          const shopValues = JSON.parse(s.extra.shopValues ?? '{}') as Record<string, string>;
          return afterCharge(a, stid, { phone: auth?.phone ?? null, basket: JSON.parse(s.extra.basket ?? '[]') as Json[], shopValues }, '정상승인');
        }
      }
    },

    async charge(b: Json, mid: string, stid: string): Promise<JsonReply> {
      if (!isCurrentDate(b.approvalReqDate, d.now())) return fail(C.badDate, '요청일자 오류 (approvalReqDate: 당일)');
      const orderNo = str(b.shopOrderNo);
      if (!ORDER_NO.test(orderNo)) return fail(C.badParam, '주문번호 오류 (shopOrderNo)');
      if (!Number.isSafeInteger(b.amount) || (b.amount as number) <= 0) return fail(C.badParam, '결제금액 오류 (amount)');
      if (b.currency !== '00') return fail(C.badParam, '통화코드 오류 (currency)');
      if (str(obj(b.orderInfo)?.goodsName) === '') return fail(C.badParam, '상품명 오류 (orderInfo.goodsName)');
      const pay = obj(b.payMethodInfo);
      const key = str(obj(pay?.billKeyMethodInfo)?.batchKey);
      const quota = obj(pay?.cardMethodInfo)?.installmentMonth ?? 0;
      if (!Number.isSafeInteger(quota) || (quota as number) < 0 || (quota as number) > 12) return fail(C.badParam, '할부개월 오류 (installmentMonth)');
      if ((quota as number) >= 2 && (b.amount as number) < MIN_INSTALMENT_KRW) return fail(C.badParam, '할부는 5만원 이상부터 가능합니다');
      if (key === '' || (await d.store.get<boolean>(`key-removed:${key}`))) return fail(C.unknownKey, '등록되지 않은 배치키입니다 (batchKey)');
      const taxFree = obj(b.taxInfo)?.freeAmount ?? 0;
      if (!Number.isSafeInteger(taxFree) || (taxFree as number) < 0 || (taxFree as number) > (b.amount as number)) return fail(C.badParam, '면세금액 오류 (taxInfo.freeAmount)');
      const customer = obj(obj(b.orderInfo)?.customerInfo);
      const r = await d.ops.chargeKey({
        mid, orderId: orderNo, amount: b.amount as number, currency: 'KRW', taxFree: taxFree as number,
        buyerEmail: str(customer?.customerMail) || null, key, quota: (quota as number) <= 1 ? 0 : (quota as number),
      });
      if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 결제된 주문번호입니다 (shopOrderNo)');
      if (r.kind === 'unknown_key' || r.kind === 'refused') return fail(C.unknownKey, '등록되지 않은 배치키입니다 (batchKey)');
      return afterCharge(r, stid, {}, '단독승인 정상');
    },

    async removeKey(b: Json, mid: string, stid: string): Promise<JsonReply> {
      if (!isCurrentDate(b.removeReqDate, d.now())) return fail(C.badDate, '요청일자 오류 (removeReqDate: 당일)');
      const key = str(b.batchKey);
      const k = key.length <= 40 ? await d.books.findKey(key) : undefined;
      if (!k || k.mid !== mid || (await d.store.get<boolean>(`key-removed:${key}`))) return fail(C.unknownKey, '등록되지 않은 배치키입니다 (batchKey)');
      await d.store.set(`key-removed:${key}`, true);
      return reply({ resCd: C.success, resMsg: '정상처리', mallId: mid, shopTransactionId: stid, removeReqDate: b.removeReqDate });
    },
  };
}
