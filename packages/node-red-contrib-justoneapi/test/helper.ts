import { createRequire } from 'node:module';
import { type Sandbox, type SandboxOptions, startSandbox } from '@justoneapi/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

const require = createRequire(import.meta.url);
// node-red-node-test-helper drives a real Node-RED runtime (the devDependency, 4.x) in-process.
export const helper = require('node-red-node-test-helper');
helper.init(require.resolve('node-red'));

export const configNode = require('../nodes/justoneapi-config.js');
export const usersNode = require('../nodes/justoneapi-xhs-users.js');
export const feedNode = require('../nodes/justoneapi-xhs-feed.js');
export const xhsNode = require('../nodes/justoneapi-xiaohongshu.js');
const core = createRequire(require.resolve('node-red'));
// Node-RED's own Catch node, to prove errors reach Catch.
export const catchNode = core('@node-red/nodes/core/common/25-catch.js');

/**
 * The hooks every runtime test file repeats: a sandbox for the file that accepts `token`, and a fresh
 * Node-RED runtime per test (its scenario and request log cleared after each).
 */
export function runtimeWithSandbox(
  token: string,
  options: SandboxOptions = {},
): { readonly sandbox: Sandbox } {
  const box = {} as { sandbox: Sandbox };
  beforeAll(async () => {
    box.sandbox = await startSandbox({ tokens: [token], ...options });
  });
  afterAll(() => box.sandbox.close());
  beforeEach(async () => {
    helper.settings({});
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
    box.sandbox.setScenario(token, undefined);
    box.sandbox.stats.reset();
  });
  return box;
}
