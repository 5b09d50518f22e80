/** HTML helpers for the server-rendered pages: everything interpolated is escaped. */

import { escapeHtml } from '../core/html-escape.ts';

export const esc = (v: unknown): string => escapeHtml(String(v ?? ''));

/** A value as a JS literal safe inside <script>: no `</script>`, no `<!--`, no U+2028/9 surprises. */
export const jsLiteral = (v: unknown): string =>
  JSON.stringify(v ?? null).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export type Html = { readonly html: string };
/** Marks already-escaped markup. */
export const raw = (html: string): Html => ({ html });

/** Tagged template: interpolations are escaped unless wrapped in `raw`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (isHtml(x) ? x.html : esc(x))).join('') : isHtml(v) ? v.html : esc(v);
    out += part + strings[i + 1]!;
  });
  return raw(out);
}

const isHtml = (v: unknown): v is Html => typeof v === 'object' && v !== null && 'html' in v && typeof (v as Html).html === 'string';

export function page(title: string, body: Html, opts: { head?: Html } = {}): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(title)}</title>
<style>body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;margin:0;padding:24px;color:#222}
.muted{color:#777}.box{max-width:520px;margin:40px auto;text-align:center}</style>${opts.head?.html ?? ''}</head>
<body>${body.html}</body></html>`;
}
