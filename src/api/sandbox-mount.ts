/**
 * Serves the PG simulators under /sandbox/{pg}/..., so outside tools (and sandbox channels configured
 * with OPENIMP_SANDBOX_URL) reach them over real HTTP. The raw body is passed through untouched.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

export type SandboxHandlers = Record<string, { handle(req: Request): Promise<Response> }>;

function toRequest(req: FastifyRequest): Request {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url}`;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body);
  return new Request(url, { method: req.method, headers, body: hasBody ? new Uint8Array(req.body as Buffer) : undefined });
}

export const mountSandbox = (handlers: SandboxHandlers): FastifyPluginAsync => async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.all('/sandbox/:pg/*', { schema: { hide: true } }, async (req, reply) => {
    const sim = handlers[(req.params as { pg: string }).pg];
    if (!sim) return reply.code(404).send({ error: 'unknown sandbox PG' });
    const res = await sim.handle(toRequest(req));
    reply.code(res.status);
    res.headers.forEach((v, k) => reply.header(k, v));
    return reply.send(Buffer.from(await res.arrayBuffer()));
  });
};
