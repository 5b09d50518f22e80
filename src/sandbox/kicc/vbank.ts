/**
 * openimp's REST virtual account at the fake KICC (the gateway's `POST /vbanks`): KICC documents no
 * server-to-server account issue (virtual accounts come from the window), so this endpoint is
 * openimp's own, in KICC's style (docs/differences.md, docs/pgs/kicc-fake.md): `POST
 * /api/trades/vbank/issue` with `mallId shopTransactionId shopOrderNo amount bankCode expiryDate(yyyyMMddHHmmss KST)
 * depositName notiUrl taxInfo.freeAmount` and `msgAuthValue` = HMAC(secret,
 * mallId|shopOrderNo|amount|bankCode|expiryDate); the answer is approval-shaped.
 */
import type { RandomBytes } from '../../core/ids.ts';
import { reply, type Json, type JsonReply } from '../json-api.ts';
import type { SandboxOperations } from '../operations.ts';
import { issuedAccount } from '../vbank-issue.ts';
import type { kiccNotifier } from './notify.ts';
import { ORDER_NO } from './register.ts';
import { tradeBody } from './trade.ts';
import { kiccCodes as C, kiccMac, macMatches } from './wire.ts';
import { fail } from './fields.ts';

type Deps = { b: Json; mid: string; now(): number; random: RandomBytes; ops: SandboxOperations; secret: string; noti: ReturnType<typeof kiccNotifier> };


/** yyyyMMddHHmmss (KST) to unix seconds; null when malformed. */
function kstSeconds(v: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000 - 9 * 3600 : null;
}

export async function issueVbank({ b, mid, now, random, ops, secret, noti }: Deps): Promise<JsonReply> {
  const order = typeof b.shopOrderNo === 'string' ? b.shopOrderNo : '';
  const bankCode = typeof b.bankCode === 'string' ? b.bankCode : '';
  const expiry = typeof b.expiryDate === 'string' ? b.expiryDate : '';
  const due = kstSeconds(expiry);
  const taxFree = (b.taxInfo as Json | undefined)?.freeAmount ?? 0;
  if (!ORDER_NO.test(order) || !Number.isSafeInteger(b.amount) || (b.amount as number) <= 0) return fail(C.badParam, '주문번호 또는 금액 오류');
  if (due === null || due <= now()) return fail(C.badParam, '입금기한 오류 (expiryDate: yyyyMMddHHmmss)');
  if (!Number.isSafeInteger(taxFree) || (taxFree as number) < 0 || (taxFree as number) > (b.amount as number)) return fail(C.badParam, '면세금액 오류');
  if (typeof b.notiUrl !== 'string' || !/^https?:\/\//.test(b.notiUrl)) return fail(C.badParam, 'notiUrl 오류');
  if (!macMatches(b.msgAuthValue, secret, [mid, order, b.amount as number, bankCode, expiry])) return fail(C.badAuth, '메시지 인증값 오류 (msgAuthValue)');
  const holder = typeof b.depositName === 'string' && b.depositName !== '' ? b.depositName : 'KICC 가상계좌';
  const account = issuedAccount(random, bankCode, holder, due);
  if (!account) return fail(C.badParam, '은행코드 오류 (bankCode)');
  await noti.learn(mid, b.notiUrl);
  const r = await ops.issueVbank({ mid, orderId: order, amount: b.amount as number, currency: 'KRW', taxFree: taxFree as number, buyerEmail: null }, account, b.notiUrl);
  if (r.kind === 'duplicate') return fail(C.duplicateOrder, '이미 처리된 주문번호입니다 (shopOrderNo)');
  const body = tradeBody(r.tx, { shopTransactionId: typeof b.shopTransactionId === 'string' ? b.shopTransactionId : '' });
  return reply({ resCd: C.success, resMsg: '정상처리', ...body, msgAuthValue: kiccMac(secret, [r.tx.tid, r.tx.amount, String(body.transactionDate)]) });
}
