import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { pgFetch } from './pg-fetch.ts';

describe('pgFetch (the connectors’ transport)', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
        if (req.url === '/gone') return void res.writeHead(404, { 'x-pg': 'no' }).end('{"error":"not found"}');
        if (req.url === '/empty') return void res.writeHead(204).end();
        if (req.url === '/bom') return void res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"결과":1}'), Buffer.from([0xff])]));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers['content-type'], key: req.headers['x-apikey'] ?? null, length: req.headers['content-length'] ?? null, body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('sends method, headers and a string body, and answers the status, the headers and the text', async () => {
    const body = 'mid=tpaytest1m&goodsNm=%EC%83%81%ED%92%88';
    const res = await pgFetch(`${base}/api/bill?x=1`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-ApiKey': 'k1' }, body });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(JSON.parse(await res.text()), { method: 'POST', url: '/api/bill?x=1', type: 'application/x-www-form-urlencoded', key: 'k1', length: String(Buffer.byteLength(body)), body });
  });

  it('answers other statuses as they are, with their body, and a 204 without one', async () => {
    const res = await pgFetch(`${base}/gone`, { headers: new Headers({ accept: 'application/json' }) });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-pg'), 'no');
    assert.equal(await res.text(), '{"error":"not found"}');
    const empty = await pgFetch(`${base}/empty`, { method: 'POST', body: '' });
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), '');
  });

  it('decodes the body as fetch does: UTF-8, a leading BOM dropped, a bad byte replaced', async () => {
    const [ours, theirs] = await Promise.all([pgFetch(`${base}/bom`), fetch(`${base}/bom`)]);
    assert.equal(await ours.text(), await theirs.text());
    assert.equal(await ours.text(), '{"결과":1}\ufffd');
  });

  it('rejects when the signal aborts before the answer, and when nothing listens', async () => {
    const t = Date.now();
    await assert.rejects(pgFetch(`${base}/slow`, { signal: AbortSignal.timeout(100) }));
    assert.ok(Date.now() - t < 1500, 'aborted at the timeout, not when the answer came');
    await assert.rejects(pgFetch('http://127.0.0.1:1/x', {}));
  });
});
