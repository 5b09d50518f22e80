/**
 * The HTTP edge: Fastify with zod schemas, the V1 envelope on every reply, one error handler,
 * OpenAPI at /openapi.json and docs at /docs. (The fake PGs are a server of their own: src/sandbox/.)
 */
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { GatewayError } from '../core/errors.ts';
import { MAX_INPUT_DEPTH, unstorableField, type InputProblem } from '../core/storable-text.ts';
import type { Logger } from '../logger.ts';
import { parseBracketed } from './brackets.ts';
import { errorEnvelope, internalEnvelope, isGatewayError, ok, type Envelope } from './envelope.ts';
import { installIdempotency } from './idempotency.ts';
import type { RouteDef } from './route.ts';
import { envelope, errorEnvelopeSchema } from './views/schemas.ts';
import { routes as defaultRoutes } from './routes.ts';
import { extractToken } from './token-header.ts';

export type ServerOptions = {
  ctx: AppContext;
  log: Logger;
  bodyLimitBytes: number;
  /** Proxies whose X-Forwarded-For names the client (`req.ip`); absent: the peer is the client. */
  trustProxy?: string[] | null;
  /** Further HTML surfaces (checkout pages, console) registered by their modules. */
  plugins?: FastifyPluginAsync[];
  routes?: RouteDef[];
  /** Registers `GET /__bench/empty` (the V1 envelope, no auth, no DB): the benchmark's framework ceiling. */
  benchRoutes?: boolean;
  /** With benchRoutes: `GET /__bench/usage` answers this (CPU counters of the process and its threads). */
  benchUsage?: () => unknown;
};

const JSON_UTF8 = 'application/json; charset=UTF-8';

function send(reply: FastifyReply, status: number, body: Envelope): FastifyReply {
  return reply.code(status).header('content-type', JSON_UTF8).send(JSON.stringify(body));
}

type ValidationEntry = { instancePath?: string };

/** `schedules/0/merchant_uid` -> `schedules[0].merchant_uid`, V1's way of naming a nested field. */
const fieldName = (path: string[]) => path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/**
 * A schema failure as V1 words it: every missing field (`imp_key, imp_secret 파라메터가 누락되었습니다.`),
 * else every invalid one (`amount 파라메터가 올바르지 않습니다.`); never the validator's own text.
 */
function validationError(e: FastifyError, req: FastifyRequest): GatewayError {
  const where = (e as { validationContext?: string }).validationContext;
  const data: unknown = where === 'querystring' ? req.query : where === 'params' ? req.params : req.body;
  const paths = ((e as unknown as { validation?: ValidationEntry[] }).validation ?? [])
    .map((v) => (v.instancePath ?? '').split('/').filter((p) => p !== ''));
  const at = (path: string[]) => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
  const names = (list: string[][]) => [...new Set(list.map(fieldName))].join(', ');
  // An empty form field is a missing one, as V1 words it.
  const missing = paths.filter((p) => p.length > 0 && (at(p) === undefined || at(p) === ''));
  if (missing.length > 0) return new GatewayError('PARAM_MISSING', undefined, { fields: names(missing) });
  const invalid = paths.filter((p) => p.length > 0);
  return invalid.length > 0 ? new GatewayError('PARAM_INVALID', undefined, { fields: names(invalid) }) : new GatewayError('BAD_REQUEST');
}

/** Input PostgreSQL cannot store, or a body nested too deep, refused before validation on every route. */
function inputError(p: InputProblem): GatewayError {
  const detail = p.reason === 'depth' ? `(JSON 중첩은 ${MAX_INPUT_DEPTH}단계까지 허용됩니다.)` : undefined;
  return p.field ? new GatewayError('PARAM_INVALID', detail, { fields: p.field }) : new GatewayError('BAD_REQUEST', detail);
}

/** Pages (checkout, console, demo shop, PG windows) get a plain-text refusal for a URL the router could not read. */
const PAGE_PREFIXES = ['/checkout/', '/console', '/demo', '/sandbox/', '/pg/'];

function renderError(err: unknown, req: FastifyRequest): { status: number; body: Envelope } {
  if (isGatewayError(err) && err.code !== 'INTERNAL') return errorEnvelope(err);
  const e = err as FastifyError;
  if (e.validation) return errorEnvelope(validationError(e, req));
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorEnvelope(new GatewayError('BODY_TOO_LARGE'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorEnvelope(new GatewayError('UNSUPPORTED_MEDIA_TYPE'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errorEnvelope(new GatewayError('MALFORMED_BODY'));
  }
  if (err instanceof SyntaxError || (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)) {
    return errorEnvelope(new GatewayError('MALFORMED_BODY'));
  }
  req.log.error({ err }, 'unhandled error');
  return internalEnvelope(String(req.id));
}

/** Turns a registered path pattern into a matcher, for telling 405 from 404. */
const patternOf = (url: string) => new RegExp(`^${url.replace(/:[^/]+/g, '[^/]+')}/?$`);

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  return buildServerTyped(opts) as unknown as Promise<FastifyInstance>;
}

async function buildServerTyped(opts: ServerOptions) {
  const { ctx } = opts;
  const routeDefs = opts.routes ?? defaultRoutes;
  const app = Fastify({
    loggerInstance: opts.log,
    bodyLimit: opts.bodyLimitBytes,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200, querystringParser: parseBracketed },
    // A bad percent-encoding or an over-long path parameter, answered without echoing the URL.
    frameworkErrors: (err, req, reply) => {
      const e = new GatewayError(err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'BAD_URL');
      const path = req.url.split('?')[0]!;
      if (PAGE_PREFIXES.some((p) => path.startsWith(p))) return (reply as FastifyReply).code(e.spec.status).type('text/plain; charset=utf-8').send(e.v1Message);
      const r = errorEnvelope(e);
      return send(reply, r.status, r.body);
    },
  });

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; replies are built by views and written with one stringify.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.removeContentTypeParser('application/json');
  // V1 bodies are JSON or form only: text/plain gets 415 like any other type, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      const parsed: unknown = JSON.parse(text);
      // Every V1 body is an object; an array is refused here too, also on routes without a body schema.
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return done(new GatewayError('MALFORMED_BODY', 'JSON 객체를 보내야 합니다.'), undefined);
      done(null, parsed);
    } catch {
      done(new GatewayError('MALFORMED_BODY'), undefined);
    }
  });
  await app.register(formbody, { parser: (s: string) => parseBracketed(s) });
  // Before validation and before any route (API, pages, console): nothing PostgreSQL cannot hold goes further.
  app.addHook('preValidation', async (req) => {
    // A POST/PUT without a body is an empty one, so V1's "… 파라메터가 누락되었습니다." names the fields.
    if (req.body == null && req.routeOptions.schema?.body) req.body = {};
    for (const input of [req.params, req.query, req.body]) {
      const p = unstorableField(input);
      if (p) throw inputError(p);
    }
  });

  // The access log is at info: below that level (LOG_LEVEL=warn) the hook is not installed at all.
  if (opts.log.isLevelEnabled('info')) app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: req.routeOptions.url ?? req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'openimp — i\'mport V1 compatible REST API', version: '1.0.0', description: 'Wire-compatible with https://api.iamport.kr. See docs/ for differences.' },
      components: { securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.header('content-type', JSON_UTF8).send(JSON.stringify(app.swagger())));

  const patterns = routeDefs.map((d) => ({ method: d.method, re: patternOf(d.url) }));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = patterns.some((p) => p.re.test(path));
    return send(reply, allowed ? 405 : 404, errorEnvelope(new GatewayError(allowed ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND')).body);
  });
  app.setErrorHandler((err, req, reply) => {
    const r = renderError(err, req);
    if (isGatewayError(err) && err.code === 'TOO_MANY_REQUESTS' && err.params.seconds) reply.header('retry-after', err.params.seconds);
    return send(reply, r.status, r.body);
  });

  const authHook = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = extractToken(req.headers);
    try {
      if (!token) throw new GatewayError('UNAUTHORIZED');
      (req as FastifyRequest & { merchantId: number }).merchantId = await authenticate(ctx, token);
    } catch (e) {
      const r = renderError(e, req);
      if (r.status === 401) reply.header('WWW-Authorize', 'iamport');
      return send(reply, r.status, r.body);
    }
  };

  installIdempotency(app as unknown as FastifyInstance, ctx);
  for (const def of routeDefs) {
    app.route({
      method: def.method,
      url: def.url,
      schema: {
        summary: def.schema.summary,
        tags: def.schema.tags ?? ['openimp'],
        ...(def.schema.params ? { params: def.schema.params } : {}),
        ...(def.schema.querystring ? { querystring: def.schema.querystring } : {}),
        ...(def.schema.body ? { body: def.schema.body } : {}),
        ...(def.auth ? { security: [{ token: [] }] } : {}),
        response: { 200: envelope(def.schema.response ?? z.unknown()), '4XX': errorEnvelopeSchema },
      },
      onRequest: def.auth ? authHook : undefined,
      handler: async (req, reply) => {
        const r = await def.handler({ ctx, merchantId: (req as FastifyRequest & { merchantId?: number }).merchantId ?? 0, params: req.params, query: req.query, body: req.body ?? {}, req });
        return send(reply, r.status ?? 200, ok(r.response));
      },
    });
  }

  if (opts.benchRoutes) {
    app.get('/__bench/empty', { schema: { hide: true } }, async (_req, reply) => send(reply, 200, ok(null)));
    const usage = opts.benchUsage ?? (() => null);
    app.get('/__bench/usage', { schema: { hide: true } }, async (_req, reply) => send(reply, 200, ok(usage())));
  }

  for (const plugin of opts.plugins ?? []) await app.register(plugin);

  return app;
}
