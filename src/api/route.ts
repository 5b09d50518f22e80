/**
 * What one endpoint file exports: its zod schemas (which also make the OpenAPI document) and a thin
 * handler that calls one app/ function and returns the V1 `response` (ARCHITECTURE rule 2).
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../app/context.ts';

export type RouteSchema = {
  summary: string;
  tags?: string[];
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
};

export type Call<P = any, Q = any, B = any> = {
  ctx: AppContext;
  merchantId: number;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
};

/** A handler returns the V1 `response` payload, optionally with a non-200 success status (207). */
export type Result = { status?: number; response: unknown };

export type RouteDef = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  auth: boolean;
  schema: RouteSchema;
  handler(call: Call): Promise<Result>;
};

/** Typed helper: infers params/query/body types from the schemas. */
export function route<PS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined, BS extends z.ZodType | undefined = undefined>(def: {
  method: RouteDef['method'];
  url: string;
  auth?: boolean;
  schema: { summary: string; tags?: string[]; params?: PS; querystring?: QS; body?: BS; response?: z.ZodType };
  handler(call: Call<PS extends z.ZodType ? z.output<PS> : undefined, QS extends z.ZodType ? z.output<QS> : undefined, BS extends z.ZodType ? z.output<BS> : undefined>): Promise<Result>;
}): RouteDef {
  return { auth: true, ...def } as RouteDef;
}
