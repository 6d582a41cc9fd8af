// Everything the node sets share (SDK included), loaded once: nodes/lib.js. Each node set's own .js
// file (written by build.mjs) is one line that calls one of these.
export { registerConfig } from './config.js';
export { registerLegacyNode } from './legacy.js';
export { registerPlatformNode } from './platform.js';
