// Preloaded into node-red-dev when the Flow Library catalogue (catalogue.nodered.org) cannot be reached
// (CI without internet): that catalogue answers as empty, so every other check still runs. What this
// leaves unchecked, P08 (a published package with a similar name) and N01 (node types already used by a
// published package), is printed by validate.mjs.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  const mod = load.call(this, request, ...rest);
  if (request !== 'axios' || mod.__justoneapiOffline) return mod;
  const get = mod.get.bind(mod);
  mod.get = (url, ...args) =>
    String(url).startsWith('https://catalogue.nodered.org/')
      ? Promise.resolve({ status: 200, data: { modules: [] } })
      : get(url, ...args);
  mod.__justoneapiOffline = true;
  return mod;
};
