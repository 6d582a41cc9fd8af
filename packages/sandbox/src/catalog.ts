import catalog from './generated/catalog.json' with { type: 'json' };

/** The parts of an operation (from the generated catalog) the sandbox uses. */
export interface SandboxOperation {
  id: string;
  /** The vendor's operationId, where the catalog carries it (stats fall back to id). */
  operationId?: string;
  path: string;
  httpMethod: string;
  params: Array<{
    name: string;
    type: string;
    required: boolean;
    default?: unknown;
    minimum?: number;
    maximum?: number;
    enum?: Array<{ value: string | number }>;
  }>;
  pagination?: { pageParam: string; itemsPath: string; itemId: string; hasMorePath?: string };
  record?: string;
}

export const defaultOperations = catalog as SandboxOperation[];
