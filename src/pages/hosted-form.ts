/**
 * A PG's card form on a checkout page of the gateway (connectors/contract.ts `HostedForm`: Paymentwall's
 * Brick.js on test and live channels), shown where the PG window would be:
 *   the page    the start's answer: loads the PG's script (CSP: a nonce, and the PG's origins only)
 *   POST /checkout/hosted/:imp?token=   the script's action: completes the window, answers in the PG's format
 * The card goes from the PG's script to the PG; the gateway sees the PG's token only.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { completeHostedForm } from '../app/hosted-form-checkout.ts';
import type { CheckoutDeps, Started } from '../app/start-checkout.ts';
import type { AppContext } from '../app/context.ts';
import { openAnnouncement, type Ids } from './checkout-views.ts';
import { html, jsLiteral, page, raw } from './html.ts';

type HostedForm = Extract<Started['start'], { hostedForm: unknown }>['hostedForm'];

const CONTAINER = 'openimp-hosted-form';

/** The page's policy: its own scripts by nonce, the PG's script and what it reaches at the PG's origins only. */
export function hostedFormCsp(form: HostedForm, nonce: string): string {
  const o = form.origins.join(' ');
  return [
    "default-src 'none'", `script-src 'nonce-${nonce}' ${o}`, `connect-src 'self' ${o}`, `frame-src ${o}`, `img-src 'self' data: ${o}`,
    `style-src 'unsafe-inline' ${o}`, `font-src ${o}`, `form-action 'self' ${o}`, "base-uri 'none'",
  ].join('; ');
}

/**
 * `openimp.settle()` (after the script's success or error callback) moves on to the finish page once
 * the gateway has the attempt (settled, or in flight); a form error before any token stays on the form.
 */
export function hostedFormPage(form: HostedForm, s: Started, ids: Ids, announce: boolean, nonce: string): string {
  const q = `${s.payment.impUid}?token=${s.session.token}`;
  const setup = `${announce ? openAnnouncement(s.payment.impUid, ids) : ''}
var openimp={config:${jsLiteral(form.config)},action:${jsLiteral(`/checkout/hosted/${q}`)},container:${jsLiteral(CONTAINER)},
settle:function(){fetch(${jsLiteral(`/checkout/status/${q}`)},{cache:'no-store'}).then(function(r){return r.json();}).then(function(d){
if(d.status!=='ready'||!d.done){document.getElementById('openimp-wait').hidden=false;location.replace(${jsLiteral(`/checkout/finish/${q}`)});}}).catch(function(){});}};`;
  const boot = `try{${form.boot}}catch(e){document.getElementById('openimp-broken').hidden=false;}`;
  return page('카드 정보 입력', html`<div class="box"><div id="${CONTAINER}"></div>
<p id="openimp-wait" class="muted" hidden>결제 결과를 확인 중입니다…</p>
<p id="openimp-broken" hidden>카드 입력 화면을 불러오지 못했습니다. 잠시 후 다시 시도하세요.</p></div>
<script nonce="${nonce}">${raw(setup)}</script><script nonce="${nonce}" src="${form.script}"></script><script nonce="${nonce}">${raw(boot)}</script>`);
}

export function sendHostedFormPage(reply: FastifyReply, form: HostedForm, s: Started, ids: Ids, announce: boolean): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store')
    .header('content-security-policy', hostedFormCsp(form, nonce)).header('referrer-policy', 'no-referrer')
    .send(hostedFormPage(form, s, ids, announce, nonce));
}

/** Flat string fields of the script's post (a form body). */
function postedOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const hostedFormRoutes = (ctx: AppContext, deps: CheckoutDeps): FastifyPluginAsync => async (app) => {
  app.post('/checkout/hosted/:imp', { schema: { hide: true } }, async (req, reply) => {
    const token = (req.query as { token?: unknown }).token;
    const answer = typeof token === 'string' ? await completeHostedForm(ctx, deps, (req.params as { imp: string }).imp, token, postedOf(req.body)) : null;
    reply.header('cache-control', 'no-store');
    if (!answer) return reply.code(404).send({ success: 0, error: { code: 'not_found', message: '결제정보를 찾을 수 없습니다.' } });
    return reply.send(answer);
  });
};
