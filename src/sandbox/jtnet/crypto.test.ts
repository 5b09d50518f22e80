/**
 * tPay's encryption (TPAY.LIB.php `Encryptor`): key = md5(ediDate + merchantKey) as 16 bytes, IV = the
 * key's first 16 characters, AES-128-CBC, PKCS#7, Base64. The expected texts were made with the
 * openssl command line from that description, not with this code:
 *   K=$(printf '%s%s' 20150519155232 "$KEY" | md5sum | cut -c1-32); IV=$(printf '%s' "${KEY:0:16}" | xxd -p)
 *   printf '%s' '1004tpaytest0mtoid1234567890' | openssl enc -aes-128-cbc -K $K -iv $IV -base64 -A
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ediDateOf, tpayDecrypt, tpayEncrypt } from './crypto.ts';
import { jtnetTestMerchants } from './wire.ts';

const key = jtnetTestMerchants.tpaytest0m!.merchantKey;
const ediDate = '20150519155232';

describe('tPay encryption', () => {
  it('encrypts the sample window fields (amt + mid + moid) and amt as openssl does', () => {
    assert.equal(tpayEncrypt('1004tpaytest0mtoid1234567890', ediDate, key), 'Sw9A07O/r8gPyzc50mu9LdX63JeQJAsi4wlSCDXRAGg=');
    assert.equal(tpayEncrypt('1004', ediDate, key), '02y5MEE4Paw39aJVJb8TbQ==');
  });

  it('decrypts what it encrypts, and only with the same ediDate and key', () => {
    const c = tpayEncrypt('order_한글_0001', ediDate, key);
    assert.equal(tpayDecrypt(c, ediDate, key), 'order_한글_0001');
    assert.equal(tpayDecrypt('02y5MEE4Paw39aJVJb8TbQ==', ediDate, key), '1004');
    assert.notEqual(tpayDecrypt(c, '20150519155233', key), 'order_한글_0001');
    assert.notEqual(tpayDecrypt(c, ediDate, jtnetTestMerchants.tpaytest2m!.merchantKey), 'order_한글_0001');
    assert.equal(tpayDecrypt('not base64!', ediDate, key), null);
    assert.equal(tpayDecrypt('AAAA', ediDate, key), null);
  });

  it('reads a result tPay itself sent tpaytest0m (recorded in a Rails integration\'s comment: ediDate 20150610155438) and encrypts it back byte for byte', () => {
    const recorded = { ediDate: '20150610155438', amt: 'iDhwcBIJvm09VcnnrLR1eQ==', moid: 'KR03vYhH+H0NEfVvsQ9YPg==' };
    assert.equal(tpayDecrypt(recorded.amt, recorded.ediDate, key), '1004');
    assert.equal(tpayDecrypt(recorded.moid, recorded.ediDate, key), 'toid1234567890');
    assert.equal(tpayEncrypt('1004', recorded.ediDate, key), recorded.amt);
    assert.equal(tpayEncrypt('toid1234567890', recorded.ediDate, key), recorded.moid);
  });

  it('stamps ediDate as YmdHis in Korean time', () => {
    assert.equal(ediDateOf(Date.UTC(2025, 5, 15, 15, 4, 5) / 1000), '20250616000405');
  });
});
