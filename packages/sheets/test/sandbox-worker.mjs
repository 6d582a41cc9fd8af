// Runs the sandbox in a worker thread, so it keeps answering while the main thread is blocked
// in the synchronous fake UrlFetchApp (Apps Script's UrlFetchApp is synchronous).
// Also runs a gateway in front of it: a second base URL that forwards every request and, like
// some gateways, adds `Retry-After: 30` to rate-limit answers (HTTP 429), which the sandbox never sends.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@justoneapi/sandbox';

const sandbox = await startSandbox(workerData ?? {});
const gateway = createServer(async (req, res) => {
  const answer = await fetch(`${sandbox.url}${req.url}`);
  const headers = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
  if (answer.status === 429) headers['retry-after'] = '30';
  res.writeHead(answer.status, headers).end(await answer.text());
});
await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
parentPort.postMessage({ url: sandbox.url, gatewayUrl: `http://127.0.0.1:${gateway.address().port}` });
parentPort.on('message', async ({ id, cmd, args }) => {
  let value;
  if (cmd === 'requests') value = sandbox.stats.requests;
  if (cmd === 'reset') sandbox.stats.reset();
  if (cmd === 'setScenario') sandbox.setScenario(...args);
  if (cmd === 'close') {
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    await sandbox.close();
  }
  parentPort.postMessage({ id, value });
  if (cmd === 'close') process.exit(0);
});
