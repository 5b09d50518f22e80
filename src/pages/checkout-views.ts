/**
 * The gateway's own checkout pages, shown inside the SDK's overlay iframe / popup or full-page on
 * mobile: the hand-over to the PG window, the wait for an asynchronous PG, and the result hand-back.
 */
import { html, jsLiteral, page, raw } from './html.ts';

export type Ids = { requestId: string | null; origin: string | null };
/** How to open the PG window (the connector's WindowStart). */
type WindowStart = { method: 'GET' | 'POST'; url: string; fields: Record<string, string> };

/** Posts to the merchant page (parent frame or popup opener), only to its recorded origin. */
const postScript = (message: Record<string, unknown>, origin: string | null, closeAfter: boolean): string => `
var m=${jsLiteral({ source: 'openimp', ...message })},o=${jsLiteral(origin)},t=window.opener||(window.parent!==window?window.parent:null);
if(t&&o){t.postMessage(m,o);}${closeAfter ? 'if(window.opener){setTimeout(function(){window.close()},50);}' : ''}`;

/** Tells the SDK which imp_uid opened (its window's first page). */
export const openAnnouncement = (impUid: string, ids: Ids): string => postScript({ type: 'open', imp_uid: impUid, request_id: ids.requestId }, ids.origin, false);

/** Tells the SDK which imp_uid opened, then sends the browser to the PG window (GET link or POST form). */
export function startPage(start: WindowStart, impUid: string, ids: Ids, announce: boolean): string {
  const fields = Object.entries(start.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  const form = html`<form id="pg" method="${start.method === 'GET' ? 'get' : 'post'}" action="${start.url}" accept-charset="UTF-8">${fields}
<noscript><button type="submit">결제창으로 이동</button></noscript></form>`;
  const announceJs = announce ? openAnnouncement(impUid, ids) : '';
  return page('결제창으로 이동 중', html`<div class="box"><p class="muted">결제창으로 이동 중입니다…</p>${form}</div>
<script>${raw(announceJs)}document.getElementById('pg').submit();</script>`);
}

/** Hands `rsp` to the merchant page's callback. */
export function resultPage(rsp: Record<string, unknown>, ids: Ids): string {
  const ok = rsp.success === true;
  const text = ok ? '결제가 완료되었습니다.' : String(rsp.error_msg ?? '결제가 완료되지 않았습니다.');
  return page('결제 결과', html`<div class="box"><p data-result="${ok ? 'success' : 'failure'}">${text}</p>
<p class="muted">잠시 후 창이 닫힙니다.</p></div>
<script>${raw(postScript({ type: 'result', request_id: ids.requestId, rsp }, ids.origin, true))}</script>`);
}

/**
 * Waits for a PG that reports asynchronously (Paymentwall pingback): polls the status endpoint and
 * moves on to the finish page when the result is in, or when `waitSec` has passed (the finish page
 * then reports the timeout clearly).
 */
export function pendingPage(statusUrl: string, finishUrl: string, waitSec: number): string {
  const js = `var s=${jsLiteral(statusUrl)},f=${jsLiteral(finishUrl)},end=Date.now()+${Math.max(1, waitSec)}*1000;
function go(t){location.replace(f+(t?'&timeout=1':''));}
function poll(){fetch(s,{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){if(d.done)return go(false);
if(Date.now()>end)return go(true);setTimeout(poll,1000);}).catch(function(){Date.now()>end?go(true):setTimeout(poll,1000);});}
poll();`;
  return page('결제 결과 확인 중', html`<div class="box"><p data-result="pending">결제 결과를 PG사로부터 받는 중입니다…</p>
<p class="muted">창을 닫지 마세요. ${waitSec}초 안에 결과가 오지 않으면 안내해 드립니다.</p></div><script>${raw(js)}</script>`);
}

/** A page for a request that names no checkout (bad link, expired token). */
export function notFoundPage(): string {
  return page('결제정보 없음', html`<div class="box"><p>결제정보를 찾을 수 없습니다.</p></div>`);
}
