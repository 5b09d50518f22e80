/**
 * tPay's window encryption against vectors made with `openssl enc -aes-128-cbc` from the documented
 * algorithm (TPAY.LIB.php: key = md5(ediDate + merchantKey), iv = merchantKey's first 16 bytes, PKCS#7,
 * Base64), not with this code, and against a result tPay itself sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ediDateOf, tpayDecrypt, tpayEncrypt, windowEncryptData } from './crypto.ts';
import { JTNET_TEST_MERCHANT_KEY } from './wire.ts';

const ediDate = '20261207073000';

describe('jtnet tPay encryption', () => {
  it('encrypts amt + mid + moid like the official library (openssl vector)', () => {
    assert.equal(windowEncryptData({ amt: '14000', mid: 'tpaytest0m', moid: 'imp_0123456789ab' }, JTNET_TEST_MERCHANT_KEY, ediDate), 'nNbAbMhfumuJEs6sfV23YsYkU1TOr5TjcQ42Qvlt3yU=');
    assert.equal(tpayEncrypt('14000', JTNET_TEST_MERCHANT_KEY, ediDate), 'DTpCevgSasADJoWFkNubPg==');
  });

  it('decrypts a returned field with the returned ediDate, and nothing with another', () => {
    assert.equal(tpayDecrypt('DTpCevgSasADJoWFkNubPg==', JTNET_TEST_MERCHANT_KEY, ediDate), '14000');
    const other = tpayDecrypt('DTpCevgSasADJoWFkNubPg==', JTNET_TEST_MERCHANT_KEY, '20261207073001');
    assert.notEqual(other, '14000');
    assert.equal(tpayDecrypt('not base64 at all!', JTNET_TEST_MERCHANT_KEY, ediDate), null);
  });

  it('decrypts a result tPay itself posted for tpaytest0m, and encrypts its values back to the same text', () => {
    // Recorded in a Rails integration's comment (code containing "TpayEncryptor.new"): amount 1004, order toid1234567890.
    const recorded = { ediDate: '20150610155438', amt: 'iDhwcBIJvm09VcnnrLR1eQ==', moid: 'KR03vYhH+H0NEfVvsQ9YPg==' };
    assert.equal(tpayDecrypt(recorded.amt, JTNET_TEST_MERCHANT_KEY, recorded.ediDate), '1004');
    assert.equal(tpayDecrypt(recorded.moid, JTNET_TEST_MERCHANT_KEY, recorded.ediDate), 'toid1234567890');
    assert.equal(tpayEncrypt('toid1234567890', JTNET_TEST_MERCHANT_KEY, recorded.ediDate), recorded.moid);
  });

  it('round-trips Korean text and empty values', () => {
    for (const v of ['', '주문번호-1', 'x'.repeat(16), 'imp_' + '9'.repeat(40)]) assert.equal(tpayDecrypt(tpayEncrypt(v, JTNET_TEST_MERCHANT_KEY, ediDate), JTNET_TEST_MERCHANT_KEY, ediDate), v);
  });

  it('ediDate is YmdHis in Korean time', () => {
    assert.equal(ediDateOf(Date.UTC(2026, 11, 6, 22, 30, 0)), '20261207073000');
  });

  it('refuses a merchant key shorter than its 16-byte iv', () => {
    assert.throws(() => tpayEncrypt('1', 'short', ediDate), RangeError);
  });
});
