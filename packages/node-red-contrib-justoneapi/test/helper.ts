import { createRequire } from 'node:module';

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
