import { HELP, parseOptions, UsageError } from './options.js';
import { runHttp, runStdio } from './transport.js';

// Logs go to stderr: over stdio, stdout is the protocol.
const log = (line: string) => process.stderr.write(`justoneapi-mcp: ${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (options.transport === 'http') await runHttp(options, log);
  else await runStdio(options, log);
}

main().catch((e: unknown) => {
  log(
    e instanceof UsageError
      ? `${e.message} (--help lists the options)`
      : `failed to start: ${(e as Error).message}`,
  );
  process.exitCode = 2;
});
