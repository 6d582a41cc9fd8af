import type {
  BudgetExceededError,
  ConnectionError,
  JustOneApiError,
  TimeoutError,
  ValidationError,
} from '@justoneapi/sdk';
import { HostError } from './config.js';
import { hasKey, type Translate } from './i18n.js';
import type { NodeStatus } from './red-types.js';
import { validationDetail } from './validation-text.js';

/** What the node knows about a failed message that the error does not carry. */
export interface FailureContext {
  /** Where the node looked for each parameter (msg.keyword, flow.kw, env KW …), for "is required". */
  sources?: Record<string, string>;
}

/** A validation failure in the host's words, from the error's fields (param, reason): never its English message. */
function badInput(err: ValidationError, t: Translate, ctx: FailureContext): string {
  const { param, reason } = err;
  if (reason?.kind === 'required' && param && ctx.sources)
    return t('errors.required', { label: param, source: ctx.sources[param] ?? `msg.${param}` });
  const detail = validationDetail(err, t) ?? (param && reason?.text ? `${param} ${reason.text}` : err.detail);
  return t('errors.badInput', { detail });
}

/** The failure's status (≤ 20 characters) and its message for the debug sidebar and Catch: advice first. */
export function describeFailure(
  err: unknown,
  t: Translate,
  ctx: FailureContext = {},
): { text: string; status: NodeStatus } {
  if (err instanceof HostError)
    return {
      text: err.message,
      status: {
        fill: err.statusKey === 'status.queueFull' ? 'yellow' : 'red',
        shape: 'ring',
        text: t(err.statusKey, err.statusSubs),
      },
    };
  const e = err as JustOneApiError;
  const code = e?.code;
  const extras: string[] = [];
  if (e?.apiMessage) extras.push(t('errors.apiSaid', { text: e.apiMessage }));
  if (e?.requestId) extras.push(t('errors.requestId', { id: e.requestId }));
  const withExtras = (s: string) => [s, ...extras].join(' · ');
  const ring = (key: string, subs?: Record<string, string | number>): NodeStatus => ({
    fill: 'red',
    shape: 'ring',
    text: t(key, subs),
  });
  if (typeof code === 'number') {
    const known = hasKey(`errors.code.${code}`);
    const advice = t(known ? `errors.code.${code}` : 'errors.code.other');
    return {
      text: withExtras(t('errors.withCode', { advice, code })),
      status: {
        fill: code === 302 ? 'yellow' : 'red',
        shape: code === 302 ? 'ring' : 'dot',
        text: hasKey(`status.code.${code}`) ? t(`status.code.${code}`) : t('status.code.other', { code }),
      },
    };
  }
  const message = String((err as Error)?.message ?? err);
  switch (code) {
    case 'VALIDATION': {
      const danger = (err as ValidationError).reason?.kind === 'danger-unacknowledged';
      return {
        text: danger ? (validationDetail(err, t) ?? message) : badInput(err as ValidationError, t, ctx),
        status: ring(danger ? 'status.danger' : 'status.badInput'),
      };
    }
    case 'TIMEOUT':
      return {
        text: withExtras(t('errors.timeout', { ms: (err as TimeoutError).timeoutMs ?? '?' })),
        status: ring('status.timeout'),
      };
    case 'CONNECTION':
      return {
        text: t('errors.connection', { reason: (err as ConnectionError).reason }),
        status: ring('status.connection'),
      };
    case 'INVALID_RESPONSE':
      return { text: withExtras(t('errors.badResponse')), status: ring('status.badResponse') };
    case 'INPUT_TOO_LONG':
      return { text: withExtras(t('errors.tooLong')), status: ring('status.tooLong') };
    case 'ABORTED':
      return { text: message, status: { fill: 'grey', shape: 'ring', text: t('status.stopped') } };
    case 'BUDGET': {
      const b = err as BudgetExceededError;
      return {
        text: t(b.next ? 'errors.budgetResume' : 'errors.budget', { max: b.maxRequests, sent: b.sent }),
        status: { fill: 'yellow', shape: 'ring', text: t('status.budget', { max: b.maxRequests }) },
      };
    }
    default:
      return { text: message, status: { fill: 'red', shape: 'ring', text: message.slice(0, 20) } };
  }
}
