// Runs the sandbox in a worker thread, so it keeps answering while the main thread is blocked
// in the synchronous fake UrlFetchApp (Apps Script's UrlFetchApp is synchronous).
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@justoneapi/sandbox';

const sandbox = await startSandbox(workerData ?? {});
parentPort.postMessage({ url: sandbox.url });
parentPort.on('message', async ({ id, cmd, args }) => {
  let value;
  if (cmd === 'requests') value = sandbox.stats.requests;
  if (cmd === 'reset') sandbox.stats.reset();
  if (cmd === 'setScenario') sandbox.setScenario(...args);
  if (cmd === 'close') await sandbox.close();
  parentPort.postMessage({ id, value });
  if (cmd === 'close') process.exit(0);
});
