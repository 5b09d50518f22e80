/**
 * JTNet tPay as its public material describes it, for a test-mode channel pointed at it
 * (OPENIMP_JTNET_URL): JTNet's sample library TPAY.LIB.php (the window's `encryptData`, results encrypted
 * with the merchantKey and their own ediDate, `resultConfirm`), and the `/api/v1/` calls as the merchant
 * code of pg-protocols.md §3.4 sends them (form-urlencoded in, JSON out). Never written from openimp's
 * connector: the AES-128-CBC here is node:crypto on the library's recipe.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { req, S, violations, type FieldTable } from './doc-fields.ts';
import type { Recorded } from './recording-pg.ts';

const digits = (max?: number) => S(max, /^\d+$/);
/** TPAY.LIB.php Encryptor(merchantKey, ediDate): key = md5(ediDate + merchantKey) as 16 raw bytes, iv = the key string's first 16 bytes. */
const keyOf = (merchantKey: string, ediDate: string) => ({
  key: createHash('md5').update(ediDate + merchantKey).digest(), iv: Buffer.from(merchantKey.slice(0, 16), 'latin1'),
});
export function tpayEncrypt(merchantKey: string, ediDate: string, plain: string): string {
  const { key, iv } = keyOf(merchantKey, ediDate);
  const c = createCipheriv('aes-128-cbc', key, iv); // PKCS#7 is node's default padding
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}
export function tpayDecrypt(merchantKey: string, ediDate: string, b64: string): string {
  const { key, iv } = keyOf(merchantKey, ediDate);
  const d = createDecipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]).toString('utf8');
}

/** The window form's fields (TPAY sample mainPay / the popup form of pg-protocols.md §3.4). */
export const webTxInitTable: FieldTable = {
  payMethod: req(S(undefined, /^(CARD|BANK|VBANK|CELLPHONE|CDBILLRG)$/)), transType: S(1, /^[01]$/), goodsName: req(S()), amt: req(digits()), moid: req(S()),
  mallUserId: S(), buyerName: S(), buyerTel: S(), buyerEmail: S(), buyerAddr: S(), buyerPostNo: S(), prdtExpDate: S(), mid: req(S()),
  returnUrl: req(S()), cancelUrl: S(), vbankExpDate: S(8, /^\d{8}$/), connType: S(1, /^[012]$/), appPrefix: S(), payType: S(1, /^1$/),
  ediDate: req(S(14, /^\d{14}$/)), encryptData: req(S()), userIp: S(), mallIp: S(), browserType: S(), mallReserved: S(), resultYn: S(1, /^[YN]$/),
  quotaFixed: S(), domain: S(), rcvrMsg: S(), parentEmail: S(),
  // Not in the sample's field list: what openimp adds from the fake's reading ([FAKE] in docs/pgs/jtnet.md).
  retryUrl: S(), cardCode: S(),
};

const auth = { mid: req(S()), api_key: req(S()) };
export const jtnetTables: Record<string, FieldTable> = {
  '/resultConfirm': { tid: req(S()), result: req(S(3, /^000$/)) },
  '/api/v1/gen_billkey': { ...auth, card_num: req(digits(16)), card_exp: req(S(4, /^\d{2}(0[1-9]|1[0-2])$/)), card_pwd: req(S(2, /^\d{2}$/)), buyer_auth_num: req(S(10, /^(\d{6}|\d{10})$/)) },
  '/api/v1/payments_token': {
    ...auth, card_token: req(S()), goods_nm: req(S()), amt: req(digits()), moid: S(), mall_user_id: S(), buyer_name: S(), buyer_tel: S(), buyer_email: S(),
    batch_div: S(1, /^1$/), sub_mid: S(), sub_mid_key: S(),
    // [guess]: only the key-in `payments` call is seen with card_quota; tPay's manual is not public.
    card_quota: S(2, /^\d{1,2}$/),
  },
  // Key-in, as the Node integration sends it (buyer_nm, not payments_token's buyer_name; card_code optional here).
  '/api/v1/payments': {
    ...auth, goods_nm: req(S()), amt: req(digits()), moid: S(), mall_user_id: S(), buyer_nm: S(), buyer_auth_num: S(10, /^(\d{6}|\d{10})?$/), buyer_tel: S(),
    buyer_email: S(), rcvr_nm: S(), rcvr_cp: S(), buyer_addr: S(), buyer_post_no: S(), card_code: S(), card_num: req(digits(16)),
    card_exp: req(S(4, /^\d{2}(0[1-9]|1[0-2])$/)), card_pwd: S(2, /^(\d{2})?$/), card_cvc: S(), card_quota: S(2, /^\d{0,2}$/), card_interest: S(1, /^[01]?$/),
  },
  '/api/v1/del_billkey': { ...auth, card_token: req(S()) },
  '/api/v1/refunds': { ...auth, tid: req(S()), moid: S(), cancel_pw: req(S()), cancel_amt: req(digits()), partial_cancel: req(S(1, /^[01]$/)), cancel_msg: S(300) },
};

type Charge = { tid: string; moid: string; amt: number; remaining: number; refunds: number };

export type JtnetDocPg = {
  relay(r: Recorded): Promise<Response>;
  problems: string[];
  /**
   * The result tPay's window POSTs to returnUrl after approving `form` (TPAY sample returnPay fields): CARD
   * `3001`, BANK `4000` (the codes integrators check); `amt` encrypted as approved, the form's unless given.
   */
  approveWindow(form: Record<string, string>, approvedAmt?: string): Record<string, string>;
  /** Checks a window form as tPay's webTxInit would: the table and encryptData. */
  checkWindow(form: Record<string, string>): string[];
  confirmed: string[];
  cardToken: string;
  deleted: string[];
};

export function jtnetDocPg(mid: string, merchantKey: string, apiKey: string, cancelPw: string): JtnetDocPg {
  const problems: string[] = [];
  const charges = new Map<string, Charge>();
  const confirmed: string[] = [];
  const deleted: string[] = [];
  const cardToken = 'TKN4F2A9C0B1D2E3F40'; // an opaque key, as gen_billkey answers one
  let seq = 0;
  const tid = () => `${mid}01012612071200${String(++seq).padStart(6, '0')}`;
  const ediNow = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');

  function checkWindow(form: Record<string, string>): string[] {
    const out = violations(form, webTxInitTable).map((v) => `webTxInit ${v}`);
    if (form.mid !== mid) out.push(`webTxInit mid ${form.mid}`);
    if (form.encryptData !== tpayEncrypt(merchantKey, form.ediDate!, `${form.amt}${form.mid}${form.moid}`)) out.push('webTxInit encryptData is not enc(amt + mid + moid) with md5(ediDate + merchantKey)');
    return out;
  }

  function approveWindow(form: Record<string, string>, approvedAmt = form.amt!): Record<string, string> {
    const t = tid();
    charges.set(t, { tid: t, moid: form.moid!, amt: Number(approvedAmt), remaining: Number(approvedAmt), refunds: 0 });
    const ediDate = ediNow();
    const bank = form.payMethod === 'BANK';
    return {
      payMethod: form.payMethod!, mid, tid: t, mallUserId: form.mallUserId ?? '', amt: tpayEncrypt(merchantKey, ediDate, approvedAmt), moid: tpayEncrypt(merchantKey, ediDate, form.moid!),
      buyerName: form.buyerName ?? '', buyerTel: form.buyerTel ?? '', buyerEmail: form.buyerEmail ?? '', mallReserved: form.mallReserved ?? '', goodsName: form.goodsName!,
      authDate: ediDate.slice(2), authCode: bank ? '' : '30012345', fnCd: bank ? '004' : '04', fnName: bank ? 'KB국민은행' : '삼성카드',
      resultCd: bank ? '4000' : '3001', resultMsg: bank ? '계좌이체 성공' : '카드 결제 성공', errorCd: '', errorMsg: '',
      vbankNum: '', vbankExpDate: '', ediDate, stateCd: '0', cardNo: bank ? '' : '536112******1234', cardQuota: bank ? '' : '00',
    };
  }

  async function relay(r: Recorded): Promise<Response> {
    const path = new URL(r.url, 'http://tpay').pathname;
    const table = jtnetTables[path];
    const problem = (p: string) => problems.push(`${path} ${p}`);
    if (!table) { problem('not a path of tPay\'s material'); return new Response('Not Found', { status: 404 }); }
    if (r.method !== 'POST') problem(`method ${r.method}, POST in every source`);
    if (!String(r.headers['content-type']).toLowerCase().startsWith('application/x-www-form-urlencoded')) problem(`Content-Type ${r.headers['content-type']}: the sources send a form`);
    const body = Object.fromEntries(new URLSearchParams(r.body)) as Record<string, string>;
    for (const v of violations(body, table)) problem(v);
    const answer = (o: Record<string, unknown>) => Response.json(o);
    if (path === '/resultConfirm') { confirmed.push(body.tid!); return new Response('000'); }
    if (body.mid !== mid || body.api_key !== apiKey) return answer({ result_cd: 'E010', result_msg: 'api_key 오류' });
    switch (path) {
      case '/api/v1/gen_billkey':
        return answer({ result_cd: '0000', result_msg: '정상처리', card_token: cardToken, card_num: `${body.card_num!.slice(0, 6)}******${body.card_num!.slice(-4)}`, card_code: '04', card_name: '삼성카드' });
      case '/api/v1/payments':
      case '/api/v1/payments_token': {
        // [guess] key-in answers like payments_token: no source shows its answer.
        if (path === '/api/v1/payments_token' && (body.card_token !== cardToken || deleted.includes(cardToken))) return answer({ result_cd: 'F201', result_msg: '빌키 없음' });
        const t = tid();
        charges.set(t, { tid: t, moid: body.moid ?? '', amt: Number(body.amt), remaining: Number(body.amt), refunds: 0 });
        return answer({ result_cd: '0000', result_msg: '정상처리', tid: t, moid: body.moid, paid_amt: body.amt, app_no: '30054321', app_co: '04', app_co_name: '삼성카드' });
      }
      case '/api/v1/del_billkey':
        deleted.push(body.card_token!);
        return answer({ result_cd: '0000', result_msg: '정상처리' });
      case '/api/v1/refunds': {
        if (body.cancel_pw !== cancelPw) return answer({ result_cd: 'C010', result_msg: '취소 비밀번호 오류' });
        const c = charges.get(body.tid!);
        if (!c) return answer({ result_cd: '2002', result_msg: '원거래 없음' });
        const amt = Number(body.cancel_amt);
        const whole = body.partial_cancel === '0';
        if (whole && (amt !== c.amt || c.refunds > 0)) return answer({ result_cd: '2012', result_msg: '전체취소 금액 불일치' });
        if (amt <= 0 || amt > c.remaining) return answer({ result_cd: '2032', result_msg: '취소금액 초과' });
        c.remaining -= amt;
        c.refunds++;
        return answer({ result_cd: '2001', result_msg: '취소 성공', tid: `${c.tid}C${c.refunds}`, moid: c.moid, CancelDate: ediNow().slice(0, 8), CancelTime: ediNow().slice(8), PayMethod: 'CARD' });
      }
    }
    return answer({ result_cd: '9999', result_msg: 'unreachable' });
  }

  return { relay, problems, approveWindow, checkWindow, confirmed, cardToken, deleted };
}
