import { parseArgs } from 'node:util';
import { parseRateLimit } from './rate-limit.js';
import { startSandbox } from './server.js';

const HELP = `justoneapi-sandbox: a local stand-in for Just One API's Xiaohongshu endpoints

Usage: justoneapi-sandbox [--port 8787] [--host 127.0.0.1] [--tokens a,b] [--latency MS] [--always200]
                          [--rate-limit N]

--rate-limit N: N requests per second per token, code 302 with Retry-After beyond.
Token "sandbox" is accepted by default. Magic tokens pick a failure scenario, e.g. sandbox-302x2
(two rate limits, then success), sandbox-303, sandbox-hang, sandbox-html502, sandbox-latency50+301x1.
`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      tokens: { type: 'string' },
      latency: { type: 'string' },
      always200: { type: 'boolean' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const tokens = values.tokens
    ? values.tokens
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined;
  const sandbox = await startSandbox({
    port: Number(values.port),
    host: values.host,
    ...(tokens ? { tokens } : {}),
    ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
    ...(values.always200 ? { errorHttpStatus: 'always200' as const } : {}),
    ...(values['rate-limit'] ? { rateLimit: parseRateLimit(values['rate-limit']) } : {}),
    log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(
    `Just One API sandbox listening on ${sandbox.url} (token: ${(tokens ?? ['sandbox']).join(', ')})${sandbox.rateLimit ? `, rate limit ${sandbox.rateLimit.perSecond}/s per token` : ''}\n`,
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
