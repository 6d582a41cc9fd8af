import { errorTitle, JustOneApiError, ValidationError } from '@justoneapi/sdk/core';
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { callOperation } from './call.js';
import { describeOperation, operationById } from './describe.js';
import { searchOperations } from './search.js';
import { SAMPLE_NOTE, type Session } from './session.js';

declare const __MCP_VERSION__: string | undefined;
export const VERSION = typeof __MCP_VERSION__ === 'string' ? __MCP_VERSION__ : 'dev';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** One result as compact JSON text, the token masked, the sandbox named. */
function reply(session: Session, body: Record<string, unknown>, isError = false): ToolResult {
  const withNote = session.connection.sandbox ? { ...body, sample: SAMPLE_NOTE } : body;
  const text = session.mask(JSON.stringify(withNote));
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}

/** An error as an MCP tool error: what went wrong, whether trying again can help, what to fix. */
function failure(session: Session, e: unknown, partial: Record<string, unknown> = {}): ToolResult {
  const err = e instanceof JustOneApiError ? e : undefined;
  const body: Record<string, unknown> = {
    error: {
      code: err?.code ?? 'ERROR',
      title: errorTitle(e),
      message: e instanceof Error ? e.message : String(e),
      ...(e instanceof ValidationError ? { fix: e.param ?? 'input', sent: 0 } : {}),
      ...(err && !(e instanceof ValidationError) ? { retryable: err.retryable } : {}),
      ...(err?.requestId ? { requestId: err.requestId } : {}),
    },
    ...partial,
  };
  if (!('session' in body)) body.session = session.summary();
  return reply(session, body, true);
}

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** The four tools, over one session. */
export function createServer(session: Session): McpServer {
  const server = new McpServer({ name: 'justoneapi', version: VERSION });
  const guard =
    <A>(fn: (a: A) => Promise<ToolResult> | ToolResult) =>
    async (a: A) => {
      try {
        return await fn(a);
      } catch (e) {
        return failure(session, e);
      }
    };

  server.registerTool(
    'search_operations',
    {
      title: 'Search Just One API operations',
      description:
        'Find operations (Xiaohongshu, Douyin, TikTok, Weibo, Bilibili, WeChat, Taobao…) by words in English or Chinese. Returns ids for describe_operation and call_operation. Free.',
      inputSchema: z.object({
        query: z.string().min(1).describe('e.g. "douyin video search", "小红书 用户"'),
        limit: z.number().int().min(1).max(20).optional().describe('default 8'),
      }),
      annotations: READ,
    },
    guard(({ query, limit }) => {
      const hits = searchOperations(query, limit);
      return reply(session, {
        hits,
        ...(hits.length
          ? {}
          : { hint: 'nothing matched: try other words, English or Chinese, or a platform name' }),
      });
    }),
  );

  server.registerTool(
    'describe_operation',
    {
      title: 'Describe one operation',
      description:
        'Parameters (types, enums, defaults, required), paging and the vendor notes of one operation. Free.',
      inputSchema: z.object({ operation: z.string().min(1).describe('id, e.g. "douyin.searchVideoV4"') }),
      annotations: READ,
    },
    guard(({ operation }) => reply(session, describeOperation(operationById(operation)))),
  );

  server.registerTool(
    'call_operation',
    {
      title: 'Call an operation (billed per request)',
      description:
        'Calls the API: each request is billed and counted against the session budget. Returns compact rows; "more" reads held rows, "resume" continues paging. Bad input sends nothing.',
      inputSchema: z.object({
        operation: z.string().optional().describe('id from search_operations'),
        params: z.record(z.string(), z.unknown()).optional().describe('as describe_operation lists'),
        pages: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('paged operations: pages (1 request each), default 1'),
        max_items: z.number().int().min(1).max(10000).optional(),
        only_new: z.boolean().optional().describe('only items not returned earlier this session'),
        item_id: z.string().optional().describe('item id field for only_new when none is documented'),
        columns: z.array(z.string()).optional(),
        dry_run: z.boolean().optional().describe('estimate requests, send nothing'),
        confirm: z
          .boolean()
          .optional()
          .describe('required when the estimate exceeds the confirmation threshold'),
        acknowledge: z.boolean().optional().describe('required for operations with a vendor danger note'),
        more: z.string().optional().describe('"more" of an earlier result'),
      }),
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(async (args) => {
      const { result, error } = await callOperation(session, args);
      return error === undefined ? reply(session, result) : failure(session, error, result);
    }),
  );

  server.registerTool(
    'session_usage',
    {
      title: 'Session usage and budget',
      description: 'Requests sent this session, the budget left, by operation. Free.',
      inputSchema: z.object({}),
      annotations: READ,
    },
    guard(() => reply(session, session.report())),
  );
  return server;
}
