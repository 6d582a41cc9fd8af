#!/usr/bin/env node
// Checked in (not built) so that pnpm can link the bin before `dist/` exists: a fresh install then prints
// no "Failed to create bin" warnings. The server itself is in dist/cli.cjs (`pnpm build`).
require('../dist/cli.cjs');
