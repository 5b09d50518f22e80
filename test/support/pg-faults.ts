/**
 * Faults between the gateway and its PG, for tests of lost or late PG answers: every PG call of the
 * gateway goes through `around(url, init, forward)`; `forward` makes the real call (the PG acts on it).
 */
import type { PgAnswer } from '../../src/connectors/contract.ts';

export type { PgAnswer };
import type { TestGateway } from './gateway.ts';

export type PgCallHook = (url: URL, init: RequestInit | undefined, forward: () => Promise<PgAnswer>) => Promise<PgAnswer>;

export function interceptPgCalls(gw: TestGateway, around: PgCallHook): void {
  const contextFor = gw.ctx.pg.contextFor;
  gw.ctx.pg.contextFor = (channel) => {
    const c = contextFor(channel);
    return { ...c, fetch: (input, init) => around(new URL(String(input)), init, () => c.fetch(input, init)) };
  };
}
