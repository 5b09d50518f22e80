/** The V1 response envelope `{code, message, response}` (reference §1.4) and the one error renderer. */
import { errorRegistry, isGatewayError, type GatewayError } from '../core/errors.ts';

export type Envelope = { code: number; message: string | null; response: unknown };

export const ok = (response: unknown): Envelope => ({ code: 0, message: null, response });

export function errorEnvelope(e: GatewayError): { status: number; body: Envelope } {
  return { status: e.spec.status, body: { code: e.spec.v1Code, message: e.v1Message, response: null } };
}

/** Unknown exceptions never echo internals: a generic message with the request id to quote. */
export function internalEnvelope(requestId: string): { status: number; body: Envelope } {
  const spec = errorRegistry.INTERNAL;
  return { status: spec.status, body: { code: spec.v1Code, message: `${spec.message} (request id: ${requestId})`, response: null } };
}

export { isGatewayError };
