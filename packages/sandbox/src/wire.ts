import type { SandboxOperation } from './catalog.js';

const FORM = 'application/x-www-form-urlencoded';

/** What arrived, split by where it arrived: the URL's query and the form body. */
export interface WireRequest {
  method: string;
  contentType: string;
  query: Record<string, string>;
  form: Record<string, string>;
  /** The raw body, empty when none was sent. */
  body: string;
}

/** Where the vendor's document puts a parameter of this operation (the token included), or undefined. */
function declaredIn(op: SandboxOperation, name: string): 'query' | 'body' | undefined {
  if (name === 'token') return op.tokenIn === 'body' ? 'body' : 'query';
  return op.params.find((p) => p.name === name)?.in;
}

/**
 * Why the request does not match the vendor's declaration of the operation (method, content type,
 * where each parameter goes, undeclared parameters), or undefined when it matches. The real API is
 * no more forgiving: a misplaced token or parameter is simply not seen there.
 */
export function wireProblem(op: SandboxOperation, req: WireRequest): string | undefined {
  const where = `${op.httpMethod} ${op.path}`;
  if (req.method !== op.httpMethod) return `Method ${req.method} not allowed: the vendor declares ${where}.`;
  const wantsForm = op.tokenIn === 'body' || op.params.some((p) => p.in === 'body');
  if (wantsForm && !req.contentType.toLowerCase().startsWith(FORM))
    return `${where} takes an ${FORM} body; the request's content type is "${req.contentType || 'none'}".`;
  if (!wantsForm && req.body !== '')
    return `${where} takes no request body (its parameters go in the query string); a body was sent.`;
  for (const [sent, name] of Object.entries(req.query).map(([k]) => ['query', k] as const)) {
    const declared = declaredIn(op, name);
    if (declared === undefined) return `Parameter "${name}" is not declared by ${where}.`;
    if (declared !== sent) return `Parameter "${name}" must go in the form body of ${where}, not in the URL.`;
  }
  for (const name of Object.keys(req.form)) {
    const declared = declaredIn(op, name);
    if (declared === undefined) return `Parameter "${name}" is not declared by ${where}.`;
    if (declared !== 'body')
      return `Parameter "${name}" must go in the query string of ${where}, not in the body.`;
  }
  return undefined;
}
