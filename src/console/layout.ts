/** The page shell: skip link, header with language switch and sign-out, main menu, flash, content. */
import { csrfField } from './csrf.ts';
import { html, raw, type Html } from './html.ts';
import type { Lang, MessageKey, T } from './i18n.ts';

export type NavKey = 'dashboard' | 'payments' | 'channels' | 'keys' | 'webhooks' | 'billingKeys' | 'schedules' | 'sandbox';

const nav: { key: NavKey; href: string; label: MessageKey }[] = [
  { key: 'dashboard', href: '/console/dashboard', label: 'nav.dashboard' },
  { key: 'payments', href: '/console/payments', label: 'nav.payments' },
  { key: 'channels', href: '/console/channels', label: 'nav.channels' },
  { key: 'keys', href: '/console/keys', label: 'nav.keys' },
  { key: 'webhooks', href: '/console/webhooks', label: 'nav.webhooks' },
  { key: 'billingKeys', href: '/console/billing-keys', label: 'nav.billingKeys' },
  { key: 'schedules', href: '/console/schedules', label: 'nav.schedules' },
  { key: 'sandbox', href: '/console/sandbox', label: 'nav.sandbox' },
];

const css = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;color:#1b1f24;background:#f5f6f8}
a{color:#0b57d0}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:8px 12px;z-index:10}
.skip:focus{left:8px;top:8px}
header{display:flex;gap:16px;align-items:center;justify-content:space-between;background:#101828;color:#fff;padding:10px 20px}
header a,header button.link{color:#fff}
header .brand{font-weight:700;font-size:17px;color:#fff;text-decoration:none}
header .who{display:flex;gap:14px;align-items:center;font-size:14px}
.layout{display:flex;min-height:calc(100vh - 52px)}
nav.side{width:190px;background:#fff;border-right:1px solid #d0d5dd;padding:12px 0;flex:none}
nav.side ul{list-style:none;margin:0;padding:0}
nav.side a{display:block;padding:9px 20px;text-decoration:none;color:#1b1f24}
nav.side a[aria-current=page]{background:#e8f0fe;color:#0b57d0;font-weight:600;border-left:4px solid #0b57d0;padding-left:16px}
main{flex:1;padding:20px 28px;max-width:1200px;min-width:0}
h1{font-size:22px;margin:4px 0 16px}
h2{font-size:17px;margin:24px 0 10px}
.card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:16px 18px;margin-bottom:16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e4e7ec;padding:7px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f9fafb;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.flash{padding:10px 14px;border-radius:6px;margin-bottom:14px;background:#ecfdf3;border:1px solid #6ce9a6}
.error{padding:10px 14px;border-radius:6px;margin-bottom:14px;background:#fef3f2;border:1px solid #fda29b;color:#912018}
.notice{padding:10px 14px;border-radius:6px;background:#fffaeb;border:1px solid #fec84b}
form.inline{display:inline}
label{display:block;font-weight:600;font-size:14px;margin:10px 0 4px}
input[type=text],input[type=email],input[type=password],input[type=url],input[type=date],input[type=number],select{font:inherit;padding:7px 9px;border:1px solid #98a2b3;border-radius:6px;min-width:220px;max-width:100%;background:#fff}
.check label{display:inline;font-weight:400}
.grid-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:0 16px}
button,.button{font:inherit;padding:7px 14px;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0b57d0}
button.danger{background:#b42318;border-color:#b42318}
button.link{background:none;border:none;padding:0;text-decoration:underline;color:#0b57d0}
.actions{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:12px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
code.pg{background:#f2f4f7;border:1px solid #d0d5dd;padding:2px 6px;border-radius:4px;font-size:14px}
.secret{font-size:15px;background:#fff;border:2px dashed #b42318;padding:8px;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid}
.s-paid{background:#ecfdf3;color:#05603a;border-color:#6ce9a6}
.s-failed{background:#fef3f2;color:#912018;border-color:#fda29b}
.s-cancelled{background:#f2f4f7;color:#344054;border-color:#98a2b3}
.s-ready{background:#fffaeb;color:#93370d;border-color:#fec84b}
.s-test{background:#f4f3ff;color:#4a1fb8;border-color:#bdb4fe}
.muted{color:#475467;font-size:13px}
dl.kv{display:grid;grid-template-columns:200px 1fr;gap:4px 12px;margin:0}
dl.kv dt{font-weight:600;color:#344054}
dl.kv dd{margin:0;word-break:break-all}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin-bottom:16px}
.kpi{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:12px 14px}
.kpi .v{font-size:22px;font-weight:700}
.kpi .l{color:#475467;font-size:13px}
figure.chart{margin:0 0 12px}
figure.chart figcaption{font-size:13px;color:#344054;display:flex;gap:14px;flex-wrap:wrap}
svg .grid{stroke:#e4e7ec}
svg .axis{font-size:11px;fill:#475467}
svg .label,svg .value{font-size:13px;fill:#1b1f24}
svg .track{fill:#f2f4f7}
svg .bar{fill:#0b57d0}
.legend{display:inline-flex;gap:5px;align-items:center}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
.pager{display:flex;gap:12px;margin-top:12px}
.login{max-width:380px;margin:60px auto}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

/** Confirm before destructive submits and copy buttons; the console works without it. */
const script = `
document.addEventListener('submit',function(e){var m=e.target.getAttribute('data-confirm');if(m&&!window.confirm(m))e.preventDefault();});
document.addEventListener('click',function(e){var b=e.target.closest('[data-copy]');if(!b)return;navigator.clipboard&&navigator.clipboard.writeText(b.getAttribute('data-copy'));});
`;

export type Shell = {
  lang: Lang;
  t: T;
  nonce: string;
  title: string;
  /** Absent on the sign-in page. */
  user?: { email: string; merchantCode: string; csrfToken: string } | null;
  active?: NavKey;
  flash?: string | null;
  error?: string | null;
  path: string;
  body: Html;
};

export function layout(s: Shell): Html {
  const { t } = s;
  const other: Lang = s.lang === 'ko' ? 'en' : 'ko';
  const langLink = html`<a href="/console/lang?to=${other}&amp;back=${encodeURIComponent(s.path)}" lang="${other}" hreflang="${other}">${t('lang.switch')}</a>`;
  return html`<!doctype html>
<html lang="${s.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title} · ${t('app.title')}</title>
<style>${raw(css)}</style>
</head>
<body>
<a class="skip" href="#main">${t('skip')}</a>
<header>
  <a class="brand" href="/console/dashboard">${t('app.title')}</a>
  <div class="who">
    ${langLink}
    ${s.user ? html`<span>${t('signedInAs', { email: s.user.email, code: s.user.merchantCode })}</span>
    <form class="inline" method="post" action="/console/logout">${csrfField(s.user.csrfToken)}<button type="submit" class="link">${t('signout')}</button></form>` : null}
  </div>
</header>
<div class="layout">
${s.user ? html`<nav class="side" aria-label="${t('nav.label')}"><ul>${nav.map((n) => html`<li><a href="${n.href}"${n.key === s.active ? raw(' aria-current="page"') : null}>${t(n.label)}</a></li>`)}</ul></nav>` : null}
<main id="main" tabindex="-1">
${s.flash ? html`<div class="flash" role="status">${s.flash}</div>` : null}
${s.error ? html`<div class="error" role="alert">${s.error}</div>` : null}
${s.body}
</main>
</div>
<script nonce="${s.nonce}">${raw(script)}</script>
</body>
</html>`;
}
