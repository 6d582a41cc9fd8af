// Runs the sandbox in a worker thread, so it keeps answering while the main thread is blocked
// in the synchronous fake UrlFetchApp (Apps Script's UrlFetchApp is synchronous).
// Also runs a gateway in front of it: a second base URL that forwards every request and, like
// some gateways, adds `Retry-After: 30` to rate-limit answers (HTTP 429), which the sandbox never sends.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@justoneapi/sandbox';

/** Sends a request on to the sandbox as it came: method, Content-Type and body. */
async function forward(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const headers = req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {};
  return fetch(`${sandbox.url}${req.url}`, { method: req.method, headers, body });
}

const sandbox = await startSandbox(workerData ?? {});
const gateway = createServer(async (req, res) => {
  const answer = await forward(req);
  const headers = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
  if (answer.status === 429) headers['retry-after'] = '30';
  res.writeHead(answer.status, headers).end(await answer.text());
});
await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
// A third base URL whose answers carry very long user names (10 bytes of UTF-8 x 500 each): large
// pages for the cache's chunking, which the API's 2 KB URL limit keeps a keyword from producing.
const inflate = createServer(async (req, res) => {
  const answer = await forward(req);
  const body = await answer.json();
  for (const user of body.data?.users ?? []) user.name += '咖啡🦌'.repeat(500);
  res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((resolve) => inflate.listen(0, '127.0.0.1', resolve));
parentPort.postMessage({
  url: sandbox.url,
  gatewayUrl: `http://127.0.0.1:${gateway.address().port}`,
  inflateUrl: `http://127.0.0.1:${inflate.address().port}`,
});
parentPort.on('message', async ({ id, cmd, args }) => {
  let value;
  if (cmd === 'requests') value = sandbox.stats.requests;
  if (cmd === 'reset') sandbox.stats.reset();
  if (cmd === 'setScenario') sandbox.setScenario(...args);
  if (cmd === 'close') {
    for (const server of [gateway, inflate]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await sandbox.close();
  }
  parentPort.postMessage({ id, value });
  if (cmd === 'close') process.exit(0);
});
