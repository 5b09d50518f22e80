/** A second merchant with its own key pair and channels, to prove merchants never see each other. */
import { addChannel, createApiKey, createMerchant } from '../../src/app/merchant-admin.ts';
import type { TestGateway } from './gateway.ts';

export async function secondMerchant(gw: TestGateway): Promise<{ merchantId: number; token: string }> {
  const m = await createMerchant(gw.ctx, { name: 'other shop' });
  const keys = await createApiKey(gw.ctx, m.id);
  await addChannel(gw.ctx, m.id, { provider: 'jtnet', pgId: 'othermid1', purpose: 'api', isDefault: true });
  const r = await gw.call('POST', '/users/getToken', { json: keys, token: null });
  return { merchantId: m.id, token: r.body.response.access_token as string };
}
