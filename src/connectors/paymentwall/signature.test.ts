/**
 * Signatures against Paymentwall's published test vectors (paymentwall/paymentwall-node
 * features/pingback.feature, the docs' worked example) and against the vendor's own npm package.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { baseString, nest, pingbackSigned, pwSign } from './signature.ts';

const fields = (q: string) => Object.fromEntries(new URLSearchParams(q));
const DG_SECRET = 'a7408723eaf4bfa2e3ac49b3cb695046';
const VC_SECRET = '6274def95b105f1c92d341a8d3bc2e77';

describe('Paymentwall signatures: published vectors', () => {
  const valid: [string, string, string][] = [
    ['DG v2', DG_SECRET, 'uid=test_user&goodsid=test_product&slength=5&speriod=month&type=0&ref=t123&is_test=1&sign_version=2&sig=754cff93c0eb859f6054bef143ad253c'],
    ['DG negative v3', DG_SECRET, 'uid=test_user&goodsid=test_product&slength=-5&speriod=month&type=2&ref=t123&is_test=1&reason=9&sign_version=3&sig=2f67209c3e581313a70de9425efef49f35a74c0cdb7f93051b47e3c097011a71'],
    ['VC v2', VC_SECRET, 'uid=test_user&currency=1000&type=0&ref=t555&is_test=1&sign_version=2&sig=5057977f881bed13592bec928f062b31'],
    ['VC v3', VC_SECRET, 'uid=test_user&currency=1000&type=0&ref=t555&is_test=1&sign_version=3&sig=a2932c360010e613166ae95ede5a3fa45bfcac10e1dd93715d21b00d684eb0fb'],
  ];
  for (const [name, secret, q] of valid) {
    it(`accepts the ${name} pingback and refuses it altered`, () => {
      assert.equal(pingbackSigned(fields(q), secret), true);
      assert.equal(pingbackSigned(fields(q.replace('ref=t', 'ref=x')), secret), false);
      assert.equal(pingbackSigned(fields(q), `${secret}0`), false);
      assert.equal(pingbackSigned(fields(q.replace(/sig=([0-9a-f]+)/, 'sig=$1foo')), secret), false);
    });
  }

  it('refuses the deprecated version 1 and pingbacks without a version', () => {
    // features/pingback.feature: a correct DG v1 signature; openimp accepts only versions 2 and 3.
    assert.equal(pingbackSigned(fields('uid=test_user&goodsid=test_product&slength=-5&speriod=month&type=2&ref=t123&is_test=1&reason=9&sig=e7b2ff07bc0734c83ee14f32552b1c88'), DG_SECRET), false);
    assert.equal(pingbackSigned(fields('uid=test_user&goodsid=test_product&slength=-5&speriod=month&type=2&ref=t123&is_test=1&reason=9&sign_version=1&sig=e7b2ff07bc0734c83ee14f32552b1c88'), DG_SECRET), false);
  });

  it('builds the base string of the documentation example (sorted name=value, no separators)', () => {
    assert.equal(baseString({ uid: 'userid', goodsid: 'no1234', slength: '', speriod: '', type: '0', ref: 'b1491808025', sign_version: '2', sig: 'x' }),
      'goodsid=no1234ref=b1491808025sign_version=2slength=speriod=type=0uid=userid');
    assert.equal(baseString({ key: 'YOUR_PUBLIC_KEY', country_code: 'KR', sign_version: '2' }), 'country_code=KRkey=YOUR_PUBLIC_KEYsign_version=2');
  });

  it('signs nested parameters as name[key]=value with sorted keys, and reads them back from form fields', () => {
    const nested = { key: 'k', customer: { lastname: 'Son', firstname: 'Jack' }, sign_version: '3' };
    assert.equal(baseString(nested), 'customer[firstname]=Jackcustomer[lastname]=Sonkey=ksign_version=3');
    assert.deepEqual(nest({ key: 'k', 'customer[lastname]': 'Son', 'customer[firstname]': 'Jack', sign_version: '3' }), nested);
  });
});

type VendorSignature = { calculateSignature(p: object, s: string, v: number | string): string };
const require = createRequire(import.meta.url);
/** The vendor package is a devDependency; a checkout whose node_modules predates it says so instead of failing to load. */
function vendor(path: string): VendorSignature | null {
  try {
    return require(path) as VendorSignature;
  } catch {
    return null;
  }
}
const vendorWidget = vendor('paymentwall/lib/Signature/Widget.js')!;
const vendorPingback = vendor('paymentwall/lib/Signature/Pingback.js')!;

describe('Paymentwall signatures equal the vendor library (npm paymentwall)', { skip: !vendorWidget && 'devDependency paymentwall is not installed (npm install)' }, () => {
  const widgetParams = {
    key: 't_demo_project', uid: 'imp_123456789012', widget: 'pw_1', email: 'test@portone.io', timestamp: '1750000000', ps: 'all',
    amount: '20.50', currencyCode: 'USD', ag_name: '주문명:결제테스트', ag_external_id: 'imp_123456789012', ag_type: 'fixed',
    success_url: 'https://gw.example/return?x=1&y=$ref', customer: { firstname: 'Jack', lastname: 'Son' }, test_mode: '1', sign_version: '3',
  };

  for (const version of [2, 3] as const) {
    it(`widget call, version ${version} (unicode, nested, URLs)`, () => {
      const p = { ...widgetParams, sign_version: String(version) };
      assert.equal(pwSign(p, 'pw_demo_secret', version), vendorWidget.calculateSignature(p, 'pw_demo_secret', version));
    });
    it(`pingback, version ${version}`, () => {
      const p = { uid: 'imp_1', goodsid: 'imp_1', slength: '', speriod: '', type: '0', ref: 'b1234', is_test: '1', sign_version: String(version) };
      const vendor = vendorPingback.calculateSignature({ ...p, sig: 'ignored' }, DG_SECRET, version);
      assert.equal(pwSign(p, DG_SECRET, version), vendor);
      assert.equal(pingbackSigned({ ...p, sig: vendor }, DG_SECRET), true);
    });
  }
});
