import { registerOperationNode } from './run.js';
import type { NodeRedApi } from './red-types.js';

// module.exports is the function itself, so both require() (Node-RED 4) and import() (Node-RED 5) get it.
module.exports = (RED: NodeRedApi) =>
  registerOperationNode(RED, 'justoneapi-xhs-users', 'xiaohongshu.searchUsers');
