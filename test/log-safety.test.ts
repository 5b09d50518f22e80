/**
 * Log safety (issue #2 outcome 8, ARCHITECTURE rule 12): card data and secrets never reach a log line
 * (at debug level), PG billing keys are sealed at rest, and replies show only masked card numbers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { testCards, type TestCardName } from '../src/sandbox/test-cards.ts';
import { createLogger } from '../src/logger.ts';
import { dashed } from './support/cards.ts';
import { testDrivers } from './support/db.ts';
import { DEMO, startGateway, type Reply, type TestGateway } from './support/gateway.ts';

// Unusual values, so a hit in a log line cannot be a coincidence.
const expiry = '2031-07';
const birth = '731129';
const pwd = '47';
const cvc = '386';
const cardBody = (name: TestCardName) => ({ card_number: dashed(testCards[name].number), expiry, birth, pwd_2digit: pwd, cvc });
const used: TestCardName[] = ['approveShinhan', 'approveHyundai', 'approveBc', 'insufficientFunds', 'invalidNumber', 'pgError', 'approveKbCheck'];

/** Every way a secret value could be written down. */
function forms(): Record<string, RegExp> {
  const out: Record<string, RegExp> = {
    expiry: new RegExp(`${expiry}|203107|"expiry"\\s*:\\s*"(?!\\[redacted\\])`),
    birth: new RegExp(`${birth}|"birth"\\s*:\\s*"(?!\\[redacted\\])`),
    pwd_2digit: /pwd_2digit\W+47|"pwd_2digit"\s*:\s*"(?!\[redacted\])/,
    cvc: /cvc\W+386/,
    imp_secret: new RegExp(DEMO.impSecret),
  };
  for (const name of used) {
    const n = testCards[name].number;
    out[`card ${name}`] = new RegExp(`${n}|${dashed(n)}|${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8, 12)} ${n.slice(12)}`);
  }
  return out;
}

for (const driver of testDrivers()) {
  describe(`no card data or secret in logs, at rest or in replies [${driver}]`, () => {
    let gw: TestGateway;
    const replies: Reply[] = [];
    const secrets: Record<string, RegExp> = forms();
    const pgKeys: string[] = [];
    const post = async (url: string, json: unknown, token?: null) => {
      const r = await gw.call('POST', url, { json, ...(token === null ? { token: null } : {}) });
      replies.push(r);
      return r;
    };

    before(async () => {
      gw = await startGateway(driver);
      assert.equal(gw.logLines.length >= 0, true);
      const t = await post('/users/getToken', { imp_key: DEMO.impKey, imp_secret: DEMO.impSecret }, null);
      secrets.access_token = new RegExp(t.body.response.access_token);
      // a wrong secret is logged nowhere either
      await post('/users/getToken', { imp_key: DEMO.impKey, imp_secret: `${DEMO.impSecret}_wrong` }, null);
      const onetime = await post('/subscribe/payments/onetime', { merchant_uid: 'log_onetime', amount: 1000, ...cardBody('approveShinhan') });
      assert.equal(onetime.body.response?.status, 'paid', onetime.raw);
      const issued = await post('/subscribe/customers/log_customer', { ...cardBody('approveHyundai'), customer_name: '홍길동' });
      assert.equal(issued.body.code, 0, issued.raw);
      const again = await post('/subscribe/payments/again', { customer_uid: 'log_customer', merchant_uid: 'log_again', amount: 2000, name: '구독' });
      assert.equal(again.body.response?.status, 'paid', again.raw);
      const keep = await post('/subscribe/payments/onetime', { merchant_uid: 'log_keep', amount: 1000, customer_uid: 'log_kept', ...cardBody('approveBc') });
      assert.equal(keep.body.response?.status, 'paid', keep.raw);
      const declined = await post('/subscribe/payments/onetime', { merchant_uid: 'log_declined', amount: 1000, ...cardBody('insufficientFunds') });
      assert.equal(declined.body.response?.status, 'failed', declined.raw);
      const invalid = await post('/subscribe/payments/onetime', { merchant_uid: 'log_invalid', amount: 1000, ...cardBody('invalidNumber') });
      assert.equal(invalid.body.code, -1, invalid.raw);
      const refused = await post('/subscribe/customers/log_refused', cardBody('invalidNumber'));
      assert.equal(refused.body.code, -1, refused.raw);
      // a PG answering garbage: the transport error is logged, the card must not be
      await post('/subscribe/payments/onetime', { merchant_uid: 'log_pg_error', amount: 1000, ...cardBody('pgError') });
      // bad input around card data: the validation message must not echo it
      await post('/subscribe/payments/onetime', { merchant_uid: 'log_bad', amount: 1000, ...cardBody('approveKbCheck'), expiry: `${expiry}-99` });
      await post('/subscribe/payments/onetime', { merchant_uid: 'log_bad2', amount: 'lots', ...cardBody('approveKbCheck') });
      const rows = await gw.ctx.db.query<{ pg_billing_key_enc: string }>('select pg_billing_key_enc from billing_keys');
      assert.ok(rows.length >= 2);
      for (const r of rows) pgKeys.push(gw.ctx.box.open(r.pg_billing_key_enc));
      for (const k of pgKeys) secrets[`PG billing key ${k.slice(0, 4)}…`] = new RegExp(k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    });
    after(async () => gw?.close());

    it('the flows logged something at debug level (so the check below means something)', () => {
      assert.ok(gw.logLines.length > 10, `only ${gw.logLines.length} log lines`);
      assert.ok(gw.logLines.some((l) => /"level":20/.test(l) || /"level":30/.test(l)));
    });

    it('no log line contains a card number, expiry, birth, pwd_2digit, cvc, imp_secret, token or PG billing key', () => {
      const hits: string[] = [];
      // Timestamps are digits too: a short secret value could match inside one by chance.
      for (const line of gw.logLines.map((l) => l.replace(/"time":[0-9]+/, ''))) for (const [what, re] of Object.entries(secrets)) if (re.test(line)) hits.push(`${what}: ${line.slice(0, 300)}`);
      assert.deepEqual(hits, []);
    });

    it('billing keys at rest are sealed: v1: prefix, neither the key nor card digits inside', async () => {
      const rows = await gw.ctx.db.query<{ customer_uid: string; pg_billing_key_enc: string; card_number: string | null }>('select * from billing_keys');
      for (const r of rows) {
        assert.match(r.pg_billing_key_enc, /^v1:[A-Za-z0-9+/=]+$/, r.customer_uid);
        for (const k of pgKeys) assert.ok(!r.pg_billing_key_enc.includes(k));
        for (const name of used) assert.ok(!r.pg_billing_key_enc.includes(testCards[name].number));
        assert.ok(r.card_number === null || /\*{4,}/.test(r.card_number), `stored card_number is masked: ${r.card_number}`);
      }
    });

    it('no table of the gateway holds a full card number, expiry, birth or PG billing key in the clear', async () => {
      const tables = await gw.ctx.db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
      assert.ok(tables.length > 3);
      const hits: string[] = [];
      for (const { table_name } of tables) {
        const rows = await gw.ctx.db.query(`select * from "${table_name}"`);
        const text = JSON.stringify(rows);
        for (const name of used) if (text.includes(testCards[name].number) || text.includes(dashed(testCards[name].number))) hits.push(`${table_name}: card ${name}`);
        if (text.includes(`"${expiry}"`) || text.includes(birth)) hits.push(`${table_name}: expiry or birth`);
        // The simulated PG keeps its own copy of a key it issued, as a real PG does; the gateway's tables must not.
        if (!table_name.startsWith('sandbox')) for (const k of pgKeys) if (text.includes(k)) hits.push(`${table_name}: PG billing key`);
      }
      assert.deepEqual(hits, []);
    });

    it('replies carry only masked card numbers and never echo card data or secrets', () => {
      const leaks: string[] = [];
      for (const r of replies) {
        for (const [what, re] of Object.entries(secrets)) if (what !== 'access_token' && re.test(r.raw)) leaks.push(`${what}: ${r.raw.slice(0, 200)}`);
        const masked = [...r.raw.matchAll(/"card_number":"([^"]*)"/g)].map((m) => m[1]!);
        for (const m of masked) if (!/^[0-9]{4,6}\*+[0-9]{0,4}$/.test(m)) leaks.push(`unmasked card_number ${m}`);
      }
      assert.ok(replies.some((r) => /"card_number":"\d+\*+\d+"/.test(r.raw)), 'some reply shows a masked number');
      assert.deepEqual(leaks, []);
    });
  });
}

describe('the logger redacts card fields and secrets by key (the safety net behind every log call)', () => {
  it('at the top level and nested at any depth, also inside errors and arrays', () => {
    const lines: string[] = [];
    const log = createLogger('debug', new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const card = { card_number: '9366000000000009', expiry, birth, pwd_2digit: pwd, cvc, imp_secret: DEMO.impSecret, access_token: 'a'.repeat(40) };
    log.info(card, 'top');
    log.info({ body: card }, 'one');
    log.info({ req: { body: card } }, 'two');
    log.info({ req: { headers: { authorization: 'Bearer secret-token-1', 'x-imptokenheader': 'secret-token-2' } } }, 'headers');
    log.info({ a: { b: { c: card } } }, 'three');
    log.info({ a: { b: { c: { d: { e: { f: card } } } } } }, 'six');
    log.info({ list: [{ x: [card] }] }, 'arrays');
    log.error({ err: Object.assign(new Error('pg refused'), { detail: { card_number: card.card_number } }) }, 'error');
    assert.equal(lines.length, 8);
    for (const raw of lines) {
      // The timestamp is digits too: a 3-digit cvc could match inside it by chance.
      const line = raw.replace(/"time":[0-9]+/, '');
      for (const v of Object.values(card)) assert.ok(!line.includes(v), `${v} in ${line}`);
      assert.ok(!/secret-token/.test(line), line);
    }
    assert.match(lines[0]!, /"card_number":"\[redacted\]"/);
    assert.match(lines[7]!, /"message":"pg refused"/, 'an error keeps its message');
    assert.match(lines[7]!, /"stack":"Error: pg refused/, 'and its stack');
  });
});
