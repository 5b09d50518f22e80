/**
 * A `fetch` that hands requests straight to a simulator, no socket involved: what tests and an
 * in-process sandbox use. It honours the abort signal the way a real fetch does, so a connector's
 * timeout works even though the simulator itself keeps running.
 */
import type { Simulator } from './contract.ts';

export function inProcessFetch(simulator: Simulator): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const signal = req.signal;
    signal.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      simulator.handle(req).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}
