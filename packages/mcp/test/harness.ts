// Starts the built `justoneapi-mcp` bin and connects the official MCP client to it, over stdio or
// Streamable HTTP, against a sandbox over real HTTP on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export const BIN = new URL('../dist/bin.cjs', import.meta.url).pathname;
export type Mode = 'stdio' | 'http';

export interface Connected {
  client: Client;
  /** Everything the server wrote to stderr (its log). */
  stderr: () => string;
  /** Every tool result text seen through `call`. */
  seen: string[];
  call(name: string, args?: Record<string, unknown>): Promise<{ text: string; json: any; isError: boolean }>;
  close(): Promise<void>;
}

const envWithout = () => {
  const { JUSTONEAPI_TOKEN: _t, JUSTONEAPI_BASE_URL: _b, JUSTONEAPI_REGION: _r, ...env } = process.env;
  return env as Record<string, string>;
};

async function startHttp(flags: string[]): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [BIN, '--http', '0', ...flags], { env: envWithout() });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/\S+\/mcp)/.exec(log);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
  return { child, url, log: () => log };
}

/**
 * A client connected to a fresh server process. stdio: the token is the server's (--token); HTTP: the
 * token goes as a bearer token per request (`bearer`), the server has none of its own.
 */
export async function connect(
  mode: Mode,
  o: { flags?: string[]; token?: string; bearer?: string } = {},
): Promise<Connected> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  let stderr: () => string;
  let stop: () => void;
  if (mode === 'stdio') {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, ...(o.token ? ['--token', o.token] : []), ...(o.flags ?? [])],
      env: envWithout(),
      stderr: 'pipe',
    });
    let log = '';
    transport.stderr!.on('data', (d) => {
      log += d;
    });
    await client.connect(transport);
    stderr = () => log;
    stop = () => {};
  } else {
    const server = await startHttp(o.flags ?? []);
    const headers: Record<string, string> = o.bearer ? { authorization: `Bearer ${o.bearer}` } : {};
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }),
    );
    stderr = server.log;
    stop = () => server.child.kill();
  }
  const seen: string[] = [];
  return {
    client,
    stderr: () => stderr(),
    seen,
    async call(name, args = {}) {
      const r = (await client.callTool({ name, arguments: args })) as {
        content: Array<{ type: string; text: string }>;
        isError?: boolean;
      };
      const text = r.content.map((c) => c.text).join('');
      seen.push(text);
      return { text, json: JSON.parse(text), isError: Boolean(r.isError) };
    },
    async close() {
      await client.close();
      stop();
    },
  };
}
