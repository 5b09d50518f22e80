/** A browser-like client for console tests over fastify.inject: a cookie jar and the page's CSRF token. */
import { DEMO, startGateway, type TestGateway } from '../support/gateway.ts';
import type { Driver } from '../support/db.ts';

export const CONSOLE_PASSWORD = 'console-test-password';
export const CONSOLE_EMAIL = 'demo@openimp.local';

export type Page = { status: number; body: string; location: string | undefined; setCookie: string[] };

export function startConsoleGateway(driver: Driver, now?: () => number): Promise<TestGateway> {
  return startGateway(driver, { demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret, consolePassword: CONSOLE_PASSWORD } }, now);
}

export const csrfOf = (html: string): string | null => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

export class ConsoleClient {
  readonly gw: TestGateway;
  readonly jar = new Map<string, string>();
  ip: string;
  lastCsrf: string | null = null;
  constructor(gw: TestGateway, ip = '10.0.0.1') {
    this.gw = gw;
    this.ip = ip;
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: { headers: Record<string, unknown> }): string[] {
    const raw = res.headers['set-cookie'];
    const list = raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [String(raw)];
    for (const c of list) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return list;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await this.gw.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader(), ...headers } });
    const setCookie = this.absorb(res);
    this.lastCsrf = csrfOf(res.body) ?? this.lastCsrf;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined, setCookie };
  }

  /** Posts a form; `_csrf` is the last page's token unless given (null: none). */
  async post(url: string, form: Record<string, string> = {}, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<Page> {
    const csrf = opts.csrf === undefined ? this.lastCsrf : opts.csrf;
    const body = new URLSearchParams({ ...form, ...(csrf ? { _csrf: csrf } : {}) }).toString();
    const res = await this.gw.app.inject({
      method: 'POST', url, payload: body, remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80', host: 'localhost:80', ...(opts.headers ?? {}) },
    });
    const setCookie = this.absorb(res);
    this.lastCsrf = csrfOf(res.body) ?? this.lastCsrf;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined, setCookie };
  }

  async signIn(email = CONSOLE_EMAIL, password = CONSOLE_PASSWORD): Promise<Page> {
    await this.get('/console/login');
    return this.post('/console/login', { email, password });
  }
}
