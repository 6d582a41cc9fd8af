import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  localhostHostValidation,
  localhostOriginValidation,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Options } from './options.js';
import { type Connection, Session } from './session.js';
import { createServer } from './tools.js';

type Log = (line: string) => void;

const MAX_SESSIONS = 1000;

/** The embedded sandbox, started once on first use: sample data for a server without a token. */
function sandboxConnection(log: Log): () => Promise<Connection> {
  let started: Promise<Connection> | undefined;
  return () =>
    (started ??= import('@justoneapi/sandbox').then(async ({ startSandbox }) => {
      const sandbox = await startSandbox({ port: 0 });
      log(
        `No token (--token or JUSTONEAPI_TOKEN): using the embedded sandbox at ${sandbox.url}. Sample data; nothing is billed.`,
      );
      return { token: 'sandbox', baseUrl: sandbox.url, sandbox: true };
    }));
}

function tokenConnection(token: string, o: Options): Connection {
  return {
    token,
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    ...(o.region ? { region: o.region } : {}),
    sandbox: false,
  };
}

/** stdio: one session for the life of the process. */
export async function runStdio(o: Options, log: Log): Promise<void> {
  const connection = o.token ? tokenConnection(o.token, o) : await sandboxConnection(log)();
  const session = new Session(connection, o);
  serveStdio(() => createServer(session), { onerror: (e) => log(session.mask(`error: ${e.message}`)) });
}

/**
 * Streamable HTTP, stateless: every request builds a server over the session of its token (the bearer
 * token, else the server's own, else the sandbox), so budgets and seen-sets last per token. Tokens are
 * kept only as hashes in the session map and never logged.
 */
export async function runHttp(o: Options, log: Log): Promise<Server> {
  const sessions = new Map<string, Session>();
  const sandbox = sandboxConnection(log);
  const sessionFor = async (bearer: string | undefined): Promise<Session | undefined> => {
    const token = bearer ?? o.token;
    if (!token && o.baseUrl) return undefined;
    const key = token ? createHash('sha256').update(token).digest('hex') : 'sandbox';
    let s = sessions.get(key);
    if (!s) {
      sessions.set(key, (s = new Session(token ? tokenConnection(token, o) : await sandbox(), o, key)));
      // Bounded: the oldest session goes first (its budget starts afresh if its token comes back).
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    }
    return s;
  };
  const local = o.host === '127.0.0.1' || o.host === 'localhost' || o.host === '::1';
  const validHost = localhostHostValidation();
  const validOrigin = localhostOriginValidation();
  // The session rides to the factory in authInfo.extra (its `token` field holds the key, a hash).
  const handler = createMcpHandler((ctx) => createServer(ctx.authInfo!.extra!.session as Session), {
    onerror: (e) => log(`error: ${e.message.replace(/Bearer\s+\S+/gi, 'Bearer ***')}`),
  });
  const serve = toNodeHandler({
    fetch: async (request: Request) => {
      const auth = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
      const session = await sessionFor(auth?.[1]);
      if (!session)
        return new Response(
          JSON.stringify({ error: 'A bearer token is required (Authorization: Bearer <token>).' }),
          {
            status: 401,
            headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
          },
        );
      return handler.fetch(request, {
        authInfo: { token: session.key, clientId: 'bearer', scopes: [], extra: { session } },
      });
    },
  });
  const server = createHttpServer((req, res) => {
    if (local && (!validHost(req, res) || !validOrigin(req, res))) return;
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the MCP endpoint is /mcp\n');
      return;
    }
    void serve(req, res);
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const { port } = server.address() as AddressInfo;
  log(`listening on http://${o.host}:${port}/mcp (stateless; budget ${o.budget} requests per token)`);
  return server;
}
