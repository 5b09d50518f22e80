/**
 * `POST /pg/{provider}/notify`: where PGs (and the sandbox simulators) send asynchronous reports.
 * The raw body goes to the connector untouched, since PGs sign exactly what they sent.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { handlePgNotification } from '../app/handle-pg-notification.ts';
import type { CheckoutDeps } from '../app/start-checkout.ts';

export const notifyRoute = (ctx: AppContext, deps: CheckoutDeps): FastifyPluginAsync => async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const handler = async (req: { params: unknown; query: unknown; body?: unknown; headers: Record<string, unknown>; ip: string }, reply: import('fastify').FastifyReply) => {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') query[k] = v;
    const r = await handlePgNotification(ctx, deps, {
      provider: (req.params as { provider: string }).provider,
      body: typeof req.body === 'string' ? req.body : '',
      contentType: typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : null,
      query,
      // The peer address, or the client named by a trusted proxy (OPENIMP_TRUST_PROXY) only.
      sourceIp: req.ip,
    });
    return reply.code(r.status).header('content-type', 'text/plain; charset=utf-8').send(r.body);
  };
  app.post('/pg/:provider/notify', { schema: { hide: true } }, handler);
  // Paymentwall pingbacks are GET requests with the parameters in the query.
  app.get('/pg/:provider/notify', { schema: { hide: true } }, handler);
};
