// Bundled for the browser as the global JustOneApiCheck: the editor validates with the core's rules.
export { checkCount, checkParam } from '../nodes/rules.js';
