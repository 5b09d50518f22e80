/**
 * `Idempotency-Key` on every authenticated POST (IETF draft-ietf-httpapi-idempotency-key-header),
 * scoped per merchant: 409 while the first request is in flight, the stored status and body replayed
 * afterwards (with `Idempotent-Replayed: true`), 422 when the key comes back with another request.
 * Installed on the root instance before the routes, so every route gets the hooks.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { beginIdempotent, finishIdempotent, requestHash } from '../app/idempotency.ts';

type Held = { merchantId: number; key: string };
type WithIdempotency = FastifyRequest & { merchantId?: number; idempotencyHeld?: Held };

export function installIdempotency(app: FastifyInstance, ctx: AppContext): void {
  // preHandler runs after authentication and body validation, so a rejected request holds no key.
  app.addHook('preHandler', async (request, reply) => {
    const req = request as WithIdempotency;
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.merchantId) return;
    const key = Array.isArray(header) ? header[0]! : header;
    const r = await beginIdempotent(ctx, req.merchantId, key, requestHash(req.method, req.url, req.body ?? {}));
    if (r.kind === 'replay') {
      return reply.code(r.status).header('content-type', 'application/json; charset=UTF-8').header('idempotent-replayed', 'true').send(r.body);
    }
    req.idempotencyHeld = { merchantId: req.merchantId, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const req = request as WithIdempotency;
    const held = req.idempotencyHeld;
    if (!held) return payload;
    req.idempotencyHeld = undefined;
    await finishIdempotent(ctx, held.merchantId, held.key, reply.statusCode, typeof payload === 'string' ? payload : String(payload ?? ''));
    return payload;
  });
}
