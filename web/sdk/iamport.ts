/**
 * openimp's `window.IMP` (reference §5): the i'mport V1 browser SDK surface. It only carries the
 * request to the gateway, which validates everything before a PG window opens:
 *  - PC: a form POST into an overlay iframe (or a popup with `popup: true`); the gateway's pages post
 *    `{source:'openimp', type:'open'|'result', request_id, ...}` back and the callback gets `rsp`.
 *  - mobile with m_redirect_url: the page itself navigates; the flow ends with a 302 to m_redirect_url.
 * Dependency-free; imports nothing from the server (web/ -> nothing in src/).
 */
import type { Device, Iamport, RequestPayCallback, RequestPayParams, RequestPayResponse } from './types.ts';

const VERSION = '1.2.0';
const script = document.currentScript as HTMLScriptElement | null;
/** The gateway that served this script: `/js/iamport.payment-1.2.0.js` or `/v1/iamport.js` under it. */
const base = new URL((script?.src ?? location.href).replace(/[?#].*$/, '').replace(/\/(js|v1)\/[^/]*$/, ''), location.href).href.replace(/\/+$/, '');
const startUrl = `${base}/checkout/start`;
/** The only origin whose messages count: the one the window was opened at (the gateway finishes it there). */
const windowOrigin = new URL(startUrl).origin;

let userCode: string | null = null;
let tierCode: string | null = null;
let forcedDevice: Device | null = null;

/** The real SDK decides by user agent (reference §5.1); `?imp_device=` or IMP.setDevice override it. */
function device(): Device {
  const q = new URLSearchParams(location.search).get('imp_device');
  if (q === 'mobile' || q === 'pc') return q;
  if (forcedDevice) return forcedDevice;
  return /Mobi|Android|iPhone|iPad|iPod|BlackBerry|IEMobile|Opera Mini/i.test(navigator.userAgent) ? 'mobile' : 'pc';
}

const failure = (merchantUid: unknown, code: string, msg: string, impUid: string | null = null): RequestPayResponse => ({
  success: false, imp_success: false, imp_uid: impUid, merchant_uid: typeof merchantUid === 'string' ? merchantUid : null, error_code: code, error_msg: msg,
});

function post(target: string, payload: unknown): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = startUrl;
  form.acceptCharset = 'UTF-8';
  form.target = target;
  form.style.display = 'none';
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'payload';
  input.value = JSON.stringify(payload);
  form.appendChild(input);
  document.body.appendChild(form);
  form.submit();
  form.remove();
}

function overlay(name: string, onClose: () => void): HTMLElement {
  const wrap = document.createElement('div');
  wrap.setAttribute('data-openimp', 'overlay');
  wrap.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);display:flex;align-items:center;justify-content:center';
  const box = document.createElement('div');
  box.style.cssText = 'position:relative;width:min(100%,720px);height:min(100%,680px);background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 8px 40px rgba(0,0,0,.35)';
  const frame = document.createElement('iframe');
  frame.name = name;
  frame.title = 'payment window';
  frame.style.cssText = 'width:100%;height:100%;border:0';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', '결제창 닫기');
  close.style.cssText = 'position:absolute;top:6px;right:10px;font-size:26px;line-height:1;border:0;background:none;cursor:pointer;color:#555';
  close.onclick = onClose;
  box.append(frame, close);
  wrap.appendChild(box);
  document.body.appendChild(wrap);
  return wrap;
}

function requestPay(params: RequestPayParams, callback?: RequestPayCallback): Promise<RequestPayResponse> {
  return new Promise((resolve) => {
    let finished = false;
    const cleanups: (() => void)[] = [];
    const done = (rsp: RequestPayResponse) => {
      if (finished) return;
      finished = true;
      for (const c of cleanups) c();
      try { callback?.(rsp); } finally { resolve(rsp); }
    };
    if (!params || typeof params !== 'object') return done(failure(null, 'F1001', 'request_pay 에 결제 파라미터 객체를 전달하세요.'));
    if (!userCode) return done(failure(params.merchant_uid, 'F1000', 'IMP.init(가맹점 식별코드)를 먼저 호출하세요.'));

    const dev = device();
    const requestId = `req_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const payload = { merchant_code: userCode, tier_code: tierCode, params, device: dev, origin: location.origin, request_id: requestId, sdk: VERSION, gateway: base };
    // Mobile with m_redirect_url: leave the page; the result comes back as a redirect (reference §5.4).
    if (dev === 'mobile' && typeof params.m_redirect_url === 'string' && params.m_redirect_url !== '') return post('_self', payload);

    let impUid: string | null = null;
    /** The frame's or popup's window: messages from any other window (or origin) are not ours. */
    let opened: Window | null = null;
    const abandon = () => done(failure(params.merchant_uid, 'F0005', '결제가 중단되었습니다. (사용자가 결제창을 닫았습니다)', impUid));
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { source?: string; type?: string; request_id?: string; imp_uid?: string; rsp?: RequestPayResponse } | null;
      if (opened === null || e.source !== opened || e.origin !== windowOrigin || !d || d.source !== 'openimp' || d.request_id !== requestId) return;
      if (d.type === 'open' && typeof d.imp_uid === 'string') impUid = d.imp_uid;
      if (d.type === 'result' && d.rsp) done(d.rsp);
    };
    window.addEventListener('message', onMessage);
    cleanups.push(() => window.removeEventListener('message', onMessage));

    const name = `openimp_${requestId}`;
    const popup = params.popup === true ? window.open('about:blank', name, 'width=720,height=680') : null;
    if (popup) {
      opened = popup;
      const watch = setInterval(() => { if (popup.closed) abandon(); }, 500);
      cleanups.push(() => { clearInterval(watch); if (!popup.closed) popup.close(); });
    } else {
      const el = overlay(name, abandon);
      opened = el.querySelector('iframe')?.contentWindow ?? null;
      cleanups.push(() => el.remove());
    }
    post(name, { ...payload, popup: !!popup });
  });
}

function unsupported(what: string): string {
  const msg = `openimp 는 ${what} 을(를) 지원하지 않습니다.`;
  console.error(`[openimp] ${msg}`);
  return msg;
}

const IMP: Iamport = {
  version: VERSION,
  init(code: string) { userCode = code; tierCode = null; },
  agency(code: string, tier: string) { userCode = code; tierCode = tier; },
  request_pay: requestPay,
  certification(params, callback) {
    callback?.(failure(params?.merchant_uid, 'F1004', unsupported('IMP.certification (본인인증)')));
  },
  loadUI(type, params, callback) {
    callback?.(failure(params?.merchant_uid, 'F1004', unsupported(`IMP.loadUI('${type}')`)));
  },
  updateLoadUIRequest(type) {
    throw new Error(unsupported(`IMP.updateLoadUIRequest('${type}')`));
  },
  setDevice(d) { forcedDevice = d === 'auto' ? null : d; },
};

(window as unknown as { IMP: Iamport }).IMP = IMP;
