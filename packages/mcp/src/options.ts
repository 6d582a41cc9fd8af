import { parseArgs } from 'node:util';

/** How the server runs: its transport, where the API is, and the spend limits of each session. */
export interface Options {
  transport: 'stdio' | 'http';
  /** HTTP only; 0 picks a free port. */
  port: number;
  host: string;
  /** The server's own token (--token or JUSTONEAPI_TOKEN); over HTTP each request may bring its own. */
  token?: string;
  region?: 'global' | 'cn';
  baseUrl?: string;
  /** Most requests a session may send (retries included). */
  budget: number;
  /** A call that can send more requests than this needs `confirm: true`. */
  confirmAbove: number;
  /** Retries of a failed request (each one is a request the budget counts). */
  retries: number;
  /** Most characters of rows in one result; the rest is held for `more`. */
  maxChars: number;
}

export const DEFAULTS = { port: 8808, budget: 20, confirmAbove: 5, retries: 0, maxChars: 6000 } as const;

export class UsageError extends Error {}

export const HELP = `justoneapi-mcp: every Just One API operation for AI agents (MCP server)

Usage:
  justoneapi-mcp                 stdio (what desktop assistants and editors start)
  justoneapi-mcp --http [port]   Streamable HTTP on http://127.0.0.1:${DEFAULTS.port}/mcp (stateless;
                                 each request may bring its token as "Authorization: Bearer <token>")

Options (environment in brackets):
  --token T          API token [JUSTONEAPI_TOKEN]. Without one: the embedded sandbox, sample data
  --region R         global (default) or cn (mainland China: plain HTTP) [JUSTONEAPI_REGION]
  --base-url URL     custom API base URL; needs a token [JUSTONEAPI_BASE_URL]
  --budget N         most requests per session, retries included (default ${DEFAULTS.budget}) [JUSTONEAPI_MCP_BUDGET]
  --confirm-above N  a call that can send more than N requests needs confirm: true (default ${DEFAULTS.confirmAbove})
                     [JUSTONEAPI_MCP_CONFIRM_ABOVE]
  --retries N        retries of a failed request (default ${DEFAULTS.retries}: the agent decides) [JUSTONEAPI_MCP_RETRIES]
  --max-chars N      most characters of rows per result (default ${DEFAULTS.maxChars}) [JUSTONEAPI_MCP_MAX_CHARS]
  --host H           HTTP bind address (default 127.0.0.1)
  -h, --help         this help
`;

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min)
    throw new UsageError(`${name} must be a whole number >= ${min}, got "${raw}".`);
  return Number(raw);
}

/** Options from the command line, then the environment (the CLI's names: JUSTONEAPI_TOKEN …), then defaults. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): Options | 'help' {
  // `--http` takes an optional port: a following bare number is it.
  const args = [...argv];
  const at = args.indexOf('--http');
  let httpPort: string | undefined;
  if (at >= 0 && args[at + 1] !== undefined && /^\d+$/.test(args[at + 1]!))
    httpPort = args.splice(at + 1, 1)[0];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        http: { type: 'boolean' },
        host: { type: 'string' },
        token: { type: 'string' },
        region: { type: 'string' },
        'base-url': { type: 'string' },
        budget: { type: 'string' },
        'confirm-above': { type: 'string' },
        retries: { type: 'string' },
        'max-chars': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const str = (k: string, e: string) => {
    const v = (values[k] as string | undefined) ?? env[e];
    return v?.trim() ? v.trim() : undefined;
  };
  const token = str('token', 'JUSTONEAPI_TOKEN');
  const region = str('region', 'JUSTONEAPI_REGION');
  if (region !== undefined && region !== 'global' && region !== 'cn')
    throw new UsageError(`--region must be global or cn, got "${region}".`);
  const baseUrl = str('base-url', 'JUSTONEAPI_BASE_URL');
  const transport = values.http ? 'http' : 'stdio';
  // Over stdio the one token is the server's; over HTTP each request brings its own.
  if (!token && transport === 'stdio' && (baseUrl || region))
    throw new UsageError(
      `${baseUrl ? '--base-url' : '--region'} needs a token (--token or JUSTONEAPI_TOKEN). Without a token the server uses its embedded sandbox, which has its own address.`,
    );
  return {
    transport,
    port: whole('--http port', httpPort, DEFAULTS.port, 0),
    host: (values.host as string | undefined) ?? '127.0.0.1',
    ...(token ? { token } : {}),
    ...(region ? { region: region as 'global' | 'cn' } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    budget: whole('--budget', str('budget', 'JUSTONEAPI_MCP_BUDGET'), DEFAULTS.budget, 1),
    confirmAbove: whole(
      '--confirm-above',
      str('confirm-above', 'JUSTONEAPI_MCP_CONFIRM_ABOVE'),
      DEFAULTS.confirmAbove,
      1,
    ),
    retries: whole('--retries', str('retries', 'JUSTONEAPI_MCP_RETRIES'), DEFAULTS.retries, 0),
    maxChars: whole('--max-chars', str('max-chars', 'JUSTONEAPI_MCP_MAX_CHARS'), DEFAULTS.maxChars, 200),
  };
}
