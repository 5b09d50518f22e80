/**
 * The sandbox Brick.js, served where Paymentwall serves it (`/brick/build/brick-default.1.5.0.min.js`,
 * paymentwall.com/documentation/Brick/2968), written from Paymentwall's description of the default
 * form (integration/direct/brick/create-form): `new Brick({public_key, amount, currency, container,
 * action, form: {merchant, product, pay_button, show_zip, show_cardholder, lang}}, 'default')` and
 * `brick.showPaymentForm(success, error)`. It renders a card form into `container`, tokenizes the card
 * at the token API of the host it was loaded from (token-api.ts), and posts `brick_token`,
 * `brick_fingerprint` and `email` to `action` (form-encoded, from the page), then reads the JSON answer:
 * `success: 1` calls `success(answer)`, anything else shows `error.message` and calls `error(answer)`
 * (paymentwall-node getBrickResponse shapes). Not simulated: 3-D Secure, the `custom` form, `tokenizeCard`.
 * **[guess]** what the real default form looks like and how it posts (it is Paymentwall's minified code).
 */

export const BRICK_JS_PATH = '/brick/build/brick-default.1.5.0.min.js';

export const brickJs = `(function(){
var me=document.currentScript,base=me?me.src.replace(/\\/brick\\/build\\/[^\\/]*$/,''):'';
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text)e.textContent=text;return e;}
function field(form,label,name,attrs){var l=el('label',{style:'display:block;margin:8px 0;text-align:left'},label);var i=el('input',attrs||{});i.name=name;i.setAttribute('data-brick',name);i.style.cssText='display:block;width:100%;box-sizing:border-box;padding:8px;font-size:16px';l.appendChild(i);form.appendChild(l);return i;}
function fingerprint(){var a=new Uint8Array(16),s='';crypto.getRandomValues(a);for(var i=0;i<a.length;i++)s+=('0'+a[i].toString(16)).slice(-2);return s;}
function Brick(options,kind){this.options=options||{};this.kind=kind||'default';}
Brick.getFingerprint=function(){return Brick._fp||(Brick._fp=fingerprint());};
Brick.prototype.showPaymentForm=function(success,error){
var o=this.options,f=o.form||{},box=document.getElementById(o.container);
if(!box)throw new Error('Brick: container not found');
var form=el('form',{'data-brick':'form',novalidate:'novalidate'});
form.appendChild(el('p',{'data-brick':'summary'},(f.merchant||'')+' · '+(f.product||'')+' · '+o.amount+' '+o.currency));
var email=field(form,'Email','email',{type:'email',autocomplete:'email'});
var number=field(form,'Card number','card-number',{inputmode:'numeric',autocomplete:'cc-number'});
var month=field(form,'Expiration month (MM)','card-expiration-month',{inputmode:'numeric',maxlength:'2'});
var year=field(form,'Expiration year (YYYY)','card-expiration-year',{inputmode:'numeric',maxlength:'4'});
var cvv=field(form,'CVV','card-cvv',{inputmode:'numeric',maxlength:'4',autocomplete:'cc-csc'});
if(f.show_cardholder)field(form,'Cardholder name','card-holder',{autocomplete:'cc-name'});
var msg=el('p',{'data-brick':'error',role:'alert',style:'color:#c0392b'});form.appendChild(msg);
var btn=el('button',{type:'submit','data-brick':'pay'},f.pay_button||'Pay');form.appendChild(btn);
box.appendChild(form);
function fail(text,answer){msg.textContent=text;btn.disabled=false;if(error)error(answer);}
form.addEventListener('submit',function(ev){ev.preventDefault();btn.disabled=true;msg.textContent='';
var card=new URLSearchParams({public_key:o.public_key,'card[number]':number.value,'card[exp_month]':month.value,'card[exp_year]':year.value,'card[cvv]':cvv.value});
fetch(base+'/api/brick/token',{method:'POST',body:card}).then(function(r){return r.json();}).then(function(t){
if(t.type==='Error'||!t.token)return fail(t.error||'Card tokenization failed',t);
var post=new URLSearchParams({brick_token:t.token,brick_fingerprint:Brick.getFingerprint(),email:email.value});
return fetch(o.action,{method:'POST',body:post,credentials:'same-origin'}).then(function(r){return r.json();}).then(function(a){
if(a&&(a.success===1||a.success==='1')){msg.textContent='';if(success)success(a);return;}
fail(a&&a.error&&a.error.message?a.error.message:'Payment was not completed',a);});
}).catch(function(){fail('Card tokenization failed',null);});});
};
window.Brick=Brick;
})();`;
