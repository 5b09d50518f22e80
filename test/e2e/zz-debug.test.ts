import { it } from 'node:test';
import { choose, overlayWindow, requestPay, startHarness, uid } from './support/checkout-harness.ts';
import { fillPlaceholders, seedSamples } from './support/seed-samples.ts';
it('dbg', async () => {
  const h = await startHarness();
  const run = uid('run');
  const fill = (t: string) => fillPlaceholders(t, { orderId: uid('o'), customerUid: uid('c'), redirectUrl: `${h.shopUrl}/complete`, projectKey: 'pw_demo_project', runSuffix: run });
  for (const n of ['seed001_payco_general_ko', 'seed004_paymentwall_general'] as const) {
    const { page } = await h.shop();
    page.on('frameattached', (f) => console.log('attached', f.name(), f.url()));
    page.on('framenavigated', (f) => console.log('nav', f.name() , f.url().slice(0, 120)));
    page.on('framedetached', (f) => console.log('detached', f.name(), f.url().slice(0,120)));
    const r = requestPay(page, fill(seedSamples[n]));
    r.then((x) => console.log('RSP', JSON.stringify(x)));const handle = await page.waitForSelector('iframe[name^="openimp_"]');
    console.log('contentFrame', (await handle.contentFrame())?.url());
    await new Promise((res) => setTimeout(res, 1500));
    console.log('contentFrame later', (await handle.contentFrame())?.url(), page.frames().map((f) => f.url().slice(0, 100)));
    const win = await overlayWindow(page);
    await choose(win, 'approve');
    console.log(JSON.stringify(await r).slice(0, 200));
  }
  await h.close();
});
