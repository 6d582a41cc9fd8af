import { main } from './cli.js';

// A closed stdout (`justoneapi ... | head -1`) ends the run quietly with exit 0: the write reports it
// (so no further page is fetched) and the stream's 'error' event is swallowed.
let gone = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') gone = true;
  else throw err;
});

function write(s: string): Promise<boolean> {
  if (gone) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      process.stdout.write(s, (err) => {
        if (err) gone = true;
        resolve(!gone);
      });
    } catch {
      gone = true;
      resolve(false);
    }
  });
}

main(process.argv.slice(2), {
  stdout: write,
  stderr: (s) => {
    process.stderr.write(s);
  },
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  columns: process.stdout.columns,
}).then((code) => {
  process.exitCode = gone ? 0 : code;
});
