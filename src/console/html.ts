/**
 * The console's html`` template (escaping by core/html-escape.ts). Everything interpolated is escaped unless it is itself an
 * Html value (a nested template or an explicit `raw`), so a page cannot forget to escape.
 */
import { escapeHtml } from '../core/html-escape.ts';

export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}


/** Interpolated values: Html as is, arrays joined, null/undefined/false as nothing, the rest escaped. */
export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup (CSS, SVG built from numbers). Never pass user input. */
export const raw = (s: string): Html => new Html(s);
