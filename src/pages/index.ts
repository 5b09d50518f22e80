/**
 * The browser checkout as one Fastify plugin: the IMP SDK, the checkout pages, PG notifications and
 * the demo shop, and the action of PG card forms hosted on checkout pages. Registered by src/gateway.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Payment } from '../core/payment.ts';
import type { CheckoutDeps } from '../app/start-checkout.ts';
import { checkoutRoutes } from './checkout-routes.ts';
import { demoShop } from './demo-shop.ts';
import { hostedFormRoutes } from './hosted-form.ts';
import { notifyRoute } from './notify-route.ts';
import { loadSdk } from './sdk-bundle.ts';
import { sdkRoutes } from './sdk-routes.ts';

export type CheckoutPagesOptions = {
  ctx: AppContext;
  deps: CheckoutDeps;
  /** The demo merchant's code; null -> no /demo. */
  demoMerchantCode: string | null;
  /** The REST API's payment JSON (api/views), for the demo shop. */
  paymentView: (p: Payment) => unknown;
  /** How long the waiting page waits for an asynchronous PG result before saying so (seconds). */
  resultWaitSec?: number;
};

export function checkoutPages(opts: CheckoutPagesOptions): FastifyPluginAsync {
  // Built in memory once, at server start (about 50 ms), and served from memory afterwards.
  let bundle: Promise<string> | null = null;
  const sdk = () => (bundle ??= loadSdk(opts.ctx.log));
  return async (app) => {
    void sdk();
    await app.register(sdkRoutes(sdk));
    await app.register(checkoutRoutes({ ctx: opts.ctx, deps: opts.deps, resultWaitSec: opts.resultWaitSec ?? 60 }));
    await app.register(hostedFormRoutes(opts.ctx, opts.deps));
    await app.register(notifyRoute(opts.ctx, opts.deps));
    if (opts.demoMerchantCode) await app.register(demoShop(opts.ctx, opts.demoMerchantCode, opts.paymentView));
  };
}
