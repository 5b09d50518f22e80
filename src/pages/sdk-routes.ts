/** Serves the IMP SDK where merchants load it: the legacy path and the short alias (reference §5.1). */
import type { FastifyPluginAsync } from 'fastify';

export const SDK_PATHS = ['/js/iamport.payment-1.2.0.js', '/v1/iamport.js'] as const;

export const sdkRoutes = (bundle: () => Promise<string>): FastifyPluginAsync => async (app) => {
  for (const path of SDK_PATHS) {
    app.get(path, { schema: { hide: true } }, async (_req, reply) =>
      reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('access-control-allow-origin', '*')
        .send(await bundle()));
  }
};
