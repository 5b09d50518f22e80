/**
 * The sandbox payment window every simulator serves: server-rendered HTML (no script needed) that
 * shows the PG's name, the order, the amount and the buyer, the inputs of the pay method, and the
 * tester's choice (approve, decline with a PG message, user cancel, slow PG), like the Hyperswitch
 * dummy connector's "Complete / Reject" page (STYLE-ANCHORS §1). Every value shown is escaped.
 */
import { escapeHtml } from '../core/html-escape.ts';
import { currencyExponent, type Currency } from '../core/money.ts';
import {
  allCardCodes, DEFAULT_SLOW_MS, phoneCarriers, sandboxBanks,
  type AuthVbank, type WindowMethod, type WindowSession,
} from './window-session.ts';
import { cardCompanies, cardCompanyOf, testCards } from './test-cards.ts';

export type Brand = { name: string; color: string };


const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

export function formatAmount(minor: number, currency: Currency): string {
  const exp = currencyExponent[currency];
  const major = (minor / 10 ** exp).toLocaleString('en-US', { minimumFractionDigits: exp, maximumFractionDigits: exp });
  return currency === 'KRW' ? `${major}원` : `${major} ${currency}`;
}

const kst = (sec: number): string => new Date((sec + 9 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');

function page(brand: Brand, title: string, body: string, status = 200): Response {
  // Narrow (mobile, 390 px) windows: a fieldset's default min-width is its widest content (the long
  // test-card <option>s), which pushed the page wider than the screen and put 진행 under other boxes.
  // Fieldsets may shrink, controls never exceed their line, and long values wrap.
  const css = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f6;color:#222}
header{background:${brand.color};color:#fff;padding:12px 20px;font-weight:700}header small{opacity:.8;margin-left:8px}
main{max-width:480px;margin:16px auto;background:#fff;padding:16px 20px;border-radius:8px;overflow-wrap:anywhere}
@media (max-width:520px){main{margin:0;border-radius:0;padding:12px}}
fieldset{border:1px solid #ddd;border-radius:6px;margin:10px 0;min-width:0}label{display:block;margin:4px 0}
select,input:not([type=radio]){max-width:100%}
dl{display:grid;grid-template-columns:6em minmax(0,1fr);gap:4px}dd{margin:0}dt{color:#666}.note{color:#a60;font-size:.9em}.err{color:#c00}
button{background:${brand.color};color:#fff;border:0;padding:10px 18px;border-radius:6px;font-size:1em}`;
  // brand.color is the simulator's own constant, never request data.
  return new Response(
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>${css}</style></head><body><header>${escapeHtml(brand.name)}<small>SANDBOX</small></header>`
    + `<main>${body}</main></body></html>`,
    { status, headers: html },
  );
}

const hidden = (fields: Record<string, string>): string =>
  Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');

const options = (entries: [string, string][], selected?: string): string =>
  entries.map(([v, label]) => `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('');

const methodNames: Record<WindowMethod, string> = { card: '신용카드', trans: '실시간 계좌이체', vbank: '가상계좌', phone: '휴대폰 소액결제' };

function summary(s: WindowSession): string {
  const buyer = [s.buyer.name, s.buyer.email, s.buyer.tel].filter((v) => v !== '').join(' · ');
  return `<dl><dt>주문명</dt><dd>${escapeHtml(s.name)}</dd><dt>금액</dt><dd><b>${escapeHtml(formatAmount(s.amount, s.currency))}</b>`
    + (s.amountNote ? `<div class="note">${escapeHtml(s.amountNote)}</div>` : '')
    + `</dd><dt>구매자</dt><dd>${escapeHtml(buyer || '-')}</dd></dl>`;
}

/** The card page's extra checks (KICC billing `certType`), prefilled like the expiry: any well-formed value passes. */
const checks = (s: WindowSession): string =>
  (s.cardChecks?.includes('birth') ? `<label>생년월일(6자리) <input name="birth" value="900101" size="10" inputmode="numeric" autocomplete="off"></label>` : '')
  + (s.cardChecks?.includes('password') ? `<label>비밀번호 앞 2자리 <input name="cardPassword" type="password" value="00" size="2" inputmode="numeric" autocomplete="off"></label>` : '');

function cardInputs(s: WindowSession): string {
  const codes = s.cardCodes ?? allCardCodes;
  const company = codes.length === 1 && s.directQuota !== null
    ? `<p>카드사: <b>${escapeHtml(cardCompanies[codes[0]!] ?? codes[0]!)}</b> (바로 연결)</p>`
    : `<label>카드사 <select name="cardCode">${options(codes.map((c) => [c, cardCompanies[c] ?? c]))}</select></label>`;
  const cards = Object.values(testCards).filter((c) => codes.includes(cardCompanyOf(c.number).code));
  const quota = s.directQuota !== null ? `<p>할부: ${s.directQuota === 0 ? '일시불' : `${s.directQuota}개월`}</p>`
    : `<label>할부 <select name="quota">${options([['0', '일시불'], ...s.quotas.map((q): [string, string] => [String(q), `${q}개월`])])}</select></label>`;
  return `${company}<label>테스트 카드 <select name="testCard">${options(cards.map((c) => [c.number, `${c.number} — ${c.note}`]))}</select></label>`
    + `<label>또는 카드번호 <input name="cardNumber" inputmode="numeric" autocomplete="off" placeholder="9366 0000 0000 0009"></label>`
    + `<label>유효기간 <input name="expiry" value="12/40" size="5" placeholder="MM/YY"></label>${checks(s)}${quota}`;
}

function methodInputs(s: WindowSession, m: WindowMethod): string {
  if (m === 'card') return cardInputs(s);
  if (m === 'phone') {
    return `<label>통신사 <select name="carrier">${options(Object.entries(phoneCarriers))}</select></label>`
      + `<label>휴대폰 번호 <input name="phone" value="01012345678" inputmode="numeric"></label>`;
  }
  const label = m === 'trans' ? '출금 은행' : '입금할 은행 (가상계좌 발급)';
  return `<label>${label} <select name="bank">${options(Object.entries(sandboxBanks))}</select></label>`;
}

/** The PG's own sections of the form, around the methods (PAYCO: login before, payment password after); trusted HTML, every value escaped. */
export type OwnSections = { before: string; after: string };

/** The window itself: the method's inputs and the tester's choice, posted to `action`. */
export function windowPage(brand: Brand, s: WindowSession, action: string, error: string | null = null, own: OwnSections = { before: '', after: '' }): Response {
  const several = s.methods.length + (s.wallets?.length ?? 0) > 1;
  const methods = s.methods.map((m, i) => `<fieldset><legend>${several
    ? `<label><input type="radio" name="method" value="${m}"${i === 0 ? ' checked' : ''}> ${methodNames[m]}</label>`
    : `${methodNames[m]}<input type="hidden" name="method" value="${m}">`}</legend>${methodInputs(s, m)}</fieldset>`).join('')
    + (s.wallets ?? []).map((x) => `<fieldset><legend><label><input type="radio" name="method" value="wallet:${escapeHtml(x.code)}"> ${escapeHtml(x.name)}</label></legend></fieldset>`).join('');
  const tester = `<fieldset><legend>테스트 결과 선택</legend>`
    + `<label><input type="radio" name="choice" value="approve" checked> 승인</label>`
    + `<label><input type="radio" name="choice" value="decline"> 거절 — PG 메시지 <input name="declineMessage" value="거래거절"></label>`
    + `<label><input type="radio" name="choice" value="cancel"> 사용자 취소</label>`
    + `<label><input type="radio" name="choice" value="slow"> 느린 PG — 승인 응답 지연 <input name="delaySec" value="${DEFAULT_SLOW_MS / 1000}" size="3">초</label></fieldset>`;
  const title = s.billing ? '자동결제 등록' : '결제하기';
  const body = `<h2>${title}</h2>${summary(s)}${error ? `<p class="err">${escapeHtml(error)}</p>` : ''}`
    + `<form method="post" action="${escapeHtml(action)}">${own.before}${methods}${own.after}${tester}<button type="submit">진행</button></form>`;
  return page(brand, `${brand.name} ${title}`, body, error ? 400 : 200);
}

/** Sends the browser back to the merchant: an auto-submitting POST form, or a 303 for GET returns. */
export function returnToMerchant(brand: Brand, method: 'GET' | 'POST', url: string, fields: Record<string, string>, before = ''): Response {
  if (method === 'GET' && before === '') {
    const u = new URL(url);
    for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
    return new Response(null, { status: 303, headers: { location: u.toString(), 'cache-control': 'no-store' } });
  }
  const auto = before === '' ? '<script>document.forms[0].submit()</script>' : '';
  return page(brand, `${brand.name} 결과`, `${before}<form method="${method.toLowerCase()}" action="${escapeHtml(url)}">${hidden(fields)}`
    + `<button type="submit">가맹점으로 돌아가기</button></form>${auto}`);
}

/** The issued virtual account, shown before returning to the merchant, with the sandbox deposit control. */
export function vbankIssuedHtml(v: AuthVbank, amountText: string, depositUrl: string): string {
  return `<h2>가상계좌 발급</h2><dl><dt>은행</dt><dd>${escapeHtml(v.name)}</dd><dt>계좌번호</dt><dd>${escapeHtml(v.num)}</dd>`
    + `<dt>예금주</dt><dd>${escapeHtml(v.holder)}</dd><dt>금액</dt><dd>${escapeHtml(amountText)}</dd><dt>입금기한</dt><dd>${kst(v.due)} KST</dd></dl>`
    + `<p class="note">가맹점 확인 후 입금 테스트: <a href="${escapeHtml(depositUrl)}" target="_blank">입금하기 (sandbox)</a></p>`;
}

/** The deposit control for one virtual account (GET shows it, POST deposits). */
export function depositPage(brand: Brand, v: { tid: string; orderId: string; amountText: string; num: string; bank: string; state: string }, action: string): Response {
  const body = `<h2>가상계좌 입금 (sandbox)</h2><dl><dt>주문</dt><dd>${escapeHtml(v.orderId)}</dd><dt>계좌</dt><dd>${escapeHtml(`${v.bank} ${v.num}`)}</dd>`
    + `<dt>금액</dt><dd>${escapeHtml(v.amountText)}</dd><dt>상태</dt><dd>${escapeHtml(v.state)}</dd></dl>`
    + `<form method="post" action="${escapeHtml(action)}">${hidden({ tid: v.tid })}<label>입금자명 <input name="depositorName" value="홍길동"></label>`
    + `<button type="submit">입금하기</button></form>`;
  return page(brand, `${brand.name} 가상계좌 입금`, body);
}

export function messagePage(brand: Brand, message: string, status: number): Response {
  return page(brand, brand.name, `<p>${escapeHtml(message)}</p>`, status);
}
