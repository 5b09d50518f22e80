/**
 * The demo shop at /demo: pick a PG and a method, pay through the IMP SDK, and see `rsp` next to the
 * payment as GET /payments/{imp_uid} returns it (read by /demo/api/payments/:imp_uid for the demo
 * merchant's sandbox payments only, so no secret reaches the browser).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Payment } from '../core/payment.ts';
import { demoPayment } from '../app/demo-shop.ts';
import { html, jsLiteral, page, raw } from './html.ts';

const script = `
var $=function(id){return document.getElementById(id)};
function show(id,v){$(id).textContent=typeof v==='string'?v:JSON.stringify(v,null,2);}
function lookup(imp){if(!imp)return;fetch('/demo/api/payments/'+encodeURIComponent(imp)).then(function(r){return r.json()}).then(function(d){show('payment',d.payment||d);});}
function syncMethods(){var pg=$('pg').value,pw=pg==='paymentwall';$('currency').value=pw?'USD':'KRW';$('amount').value=pw?'20':'14000';}
$('pg').onchange=syncMethods;
$('pay').onclick=function(){
  var dev=$('device').value;IMP.setDevice(dev);
  var billing=$('billing').checked,pg=$('pg').value;
  var p={pg:pg,pay_method:$('method').value,merchant_uid:'demo_'+Date.now(),name:'openimp 데모 상품',
    amount:Number($('amount').value),currency:$('currency').value,buyer_name:'Gildong Hong',buyer_email:'gildong@example.com',
    buyer_tel:'010-1234-5678',buyer_addr:'서울특별시 강남구 삼성동',buyer_postcode:'123-456',
    m_redirect_url:location.origin+'/demo',popup:$('popup').checked,custom_data:{demo:true}};
  if(billing){p.customer_uid='demo_customer_'+pg;p.pay_method='card';}
  show('rsp','결제창 진행 중…');show('payment','');
  IMP.request_pay(p,function(rsp){show('rsp',rsp);lookup(rsp.imp_uid);});
};
var q=new URLSearchParams(location.search);
if(q.get('imp_uid')!==null){var r={};q.forEach(function(v,k){r[k]=v});show('rsp',r);lookup(q.get('imp_uid'));}
syncMethods();`;

function demoPage(merchantCode: string): string {
  const opt = (v: string, label: string) => html`<option value="${v}">${label}</option>`;
  return page('openimp demo shop', html`
<style>label{display:block;margin:8px 0}pre{background:#f6f6f6;padding:12px;overflow:auto;max-height:420px;font-size:12px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}button#pay{font-size:16px;padding:10px 24px}</style>
<h1>openimp demo shop</h1>
<p class="muted">가맹점 식별코드 <code>${merchantCode}</code> · 모든 결제는 샌드박스 PG로 처리됩니다.
Test cards: docs/test-cards.md</p>
<label>PG <select id="pg">${[opt('jtnet', 'JTNet'), opt('payco', 'PAYCO'), opt('kicc', 'KICC'), opt('paymentwall', 'Paymentwall')]}</select></label>
<label>결제수단 <select id="method">${[opt('card', '신용카드 (card)'), opt('trans', '계좌이체 (trans)'), opt('vbank', '가상계좌 (vbank)'), opt('phone', '휴대폰 (phone)')]}</select></label>
<label>금액 <input id="amount" type="number" value="14000"> <select id="currency">${[opt('KRW', 'KRW'), opt('USD', 'USD')]}</select></label>
<label><input id="billing" type="checkbox"> 빌링키 발급 (customer_uid)</label>
<label>기기 <select id="device">${[opt('auto', '자동 (user agent)'), opt('pc', 'PC (callback)'), opt('mobile', '모바일 (m_redirect_url)')]}</select>
<input id="popup" type="checkbox"> popup</label>
<button id="pay" type="button">결제하기</button>
<div class="cols"><div><h3>rsp</h3><pre id="rsp"></pre></div><div><h3>GET /payments/{imp_uid}</h3><pre id="payment"></pre></div></div>
<script src="/v1/iamport.js"></script>
<script>IMP.init(${raw(jsLiteral(merchantCode))});${raw(script)}</script>`);
}

/** `paymentView` renders the payment exactly as the REST API does (injected: pages do not import api/). */
export const demoShop = (ctx: AppContext, merchantCode: string, paymentView: (p: Payment) => unknown): FastifyPluginAsync => async (app) => {
  app.get('/demo', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(demoPage(merchantCode)));
  app.get('/demo/api/payments/:imp', { schema: { hide: true } }, async (req, reply) => {
    const p = await demoPayment(ctx, merchantCode, (req.params as { imp: string }).imp);
    if (!p) return reply.code(404).send({ error: '데모 가맹점의 샌드박스 결제가 아닙니다.' });
    return reply.header('cache-control', 'no-store').send({ payment: paymentView(p) });
  });
};
