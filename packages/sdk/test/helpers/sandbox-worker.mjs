// The sandbox in a worker thread: it keeps answering while the main thread is blocked in a synchronous
// request (the sync and batched drivers, as Apps Script's UrlFetchApp is synchronous).
import { parentPort } from 'node:worker_threads';
// By path, as bench/run.mjs does: the SDK does not depend on the sandbox (vitest aliases it to source).
import { startSandbox } from '../../../sandbox/dist/index.js';

const sandbox = await startSandbox();
parentPort.postMessage({ url: sandbox.url });
parentPort.on('message', async ({ id, cmd, args }) => {
  let value;
  if (cmd === 'requests') value = sandbox.stats.requests;
  if (cmd === 'reset') sandbox.stats.reset();
  if (cmd === 'setScenario') sandbox.setScenario(...args);
  if (cmd === 'close') await sandbox.close();
  parentPort.postMessage({ id, value });
});
