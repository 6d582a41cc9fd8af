// Running n8n's CLI headless (`n8n import:…`, `n8n execute --rawOutput`) and reading what it prints.
import { spawn } from 'node:child_process';

/** Runs `n8n <args>` with the host's Node: { code, stdout, stderr } (killed after 3 minutes). */
export function n8nCommand(host, env, args) {
  return new Promise((resolveRun) => {
    const child = spawn(host.node, [host.n8n, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** The run JSON that `execute --rawOutput` prints after n8n's banner lines. */
export function runJson(stdout) {
  // n8n's task runner may log a line after the JSON ('Registered runner …'), so the JSON ends at the
  // last line that is a lone '}', not at the end of stdout.
  const lines = stdout.split('\n');
  const start = lines.indexOf('{');
  if (start < 0) return undefined;
  for (let end = lines.length - 1; end > start; end--) {
    if (lines[end].trimEnd() !== '}') continue;
    try {
      return JSON.parse(lines.slice(start, end + 1).join('\n'));
    } catch {}
  }
  return undefined;
}
