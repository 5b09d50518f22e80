/**
 * The HTTP side shared by simulators whose PG speaks JSON (PAYCO, KICC): window pages first, then
 * POST JSON calls under the API prefix; a "PG error" test card answers HTTP 500 garbage and a
 * "slow PG" answer is held back by its delay.
 */
import type { Provider } from '../core/payment.ts';
import { mountBase, pathBelowMount, sleep } from './simulator.ts';

export type Json = Record<string, unknown>;
/** A PG answer and how long to hold it back; 'garbage' is the PG-error test card's HTTP 500. */
export type JsonReply = { body: Json; delayMs: number } | 'garbage';
export const reply = (body: Json, delayMs = 0): JsonReply => ({ body, delayMs });

export type JsonApi = {
  provider: Provider;
  /** Window pages (start, window, submit, deposit); null when the path is not one of them. */
  pages(req: Request, path: string, base: string): Promise<Response | null>;
  apiPrefix: string;
  /** The PG's own answers for "no such API" and "body is not JSON". */
  notFound: Json;
  badJson: Json;
  /** `base`: the fake PG's own URL as the caller reached it (for URLs it hands out, e.g. PAYCO's orderSheetUrl). */
  api(path: string, body: Json, base: string): Promise<JsonReply>;
};

export function jsonApiHandler(o: JsonApi): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const path = pathBelowMount(req.url, o.provider);
      const base = mountBase(req.url, o.provider);
      const page = await o.pages(req, path, base);
      if (page) return page;
      if (req.method !== 'POST' || !path.startsWith(o.apiPrefix)) return Response.json(o.notFound, { status: 404 });
      let body: Json;
      try {
        body = (await req.json()) as Json;
      } catch {
        return Response.json(o.badJson);
      }
      const r = await o.api(path, body, mountBase(req.url, o.provider));
      if (r === 'garbage') return new Response('<html>500 Internal Server Error\u0000</html>', { status: 500, headers: { 'content-type': 'text/html' } });
      if (r.delayMs) await sleep(r.delayMs);
      return Response.json(r.body);
    } catch {
      return new Response('Internal Server Error', { status: 500 });
    }
  };
}
