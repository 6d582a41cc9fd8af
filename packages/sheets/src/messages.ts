import { JustOneApiError, ValidationError } from '@justoneapi/sdk/core';
import { chinese, NoTokenError } from './settings';

/** Where an error is shown: the function the user typed (with the argument names its README uses) or the menu. */
export interface ErrorContext {
  /** "XHS_NOTE_FEED", "JUSTONEAPI"; absent in refresh status lines. */
  fn?: string;
  /** API parameter name -> the argument name the user knows ({ oid: 'feed_id' }). */
  names?: Record<string, string>;
  where?: 'formula' | 'menu';
}

// What each business code means and what to do, in Chinese (the English text comes from the core).
const ZH_CODES: Record<number, string> = {
  100: '令牌无效或未激活：请检查令牌或创建新令牌',
  301: '上游采集失败，通常是暂时的：请稍后重试',
  302: '请求过于频繁：减少并发或稍后再试',
  303: '今日配额已用完：明天重置，或提高套餐配额',
  400: '参数无效：请修正参数',
  500: '服务器错误：请稍后重试',
  503: '服务器错误：请稍后重试',
  600: '无权限：请为账户开通此接口',
  601: '余额不足：请充值',
};
const ZH_UNKNOWN_CODE = '请求失败：请检查参数，或带上 requestId 联系支持';
const ZH_NAMED: Record<string, string> = {
  TIMEOUT: '60 秒内没有响应：请稍后再试',
  CONNECTION: '无法连接：请检查网络和 Region… 设置',
  INVALID_RESPONSE: '响应无法使用：请重试，持续出现请联系支持',
  VALIDATION: '输入有误（未发送请求，未计费）',
};

const NO_TOKEN = {
  formula: [
    "No token: formulas use the spreadsheet owner's token. Owner: Just One API > Set token…; editors: ask the owner to set it.",
    '没有令牌：公式使用表格所有者的令牌。所有者请用 Just One API > Set token… 设置；编辑者请联系所有者设置。',
  ],
  menu: [
    'No token: use Just One API > Set token… first.',
    '没有令牌：请先用 Just One API > Set token… 设置。',
  ],
} as const;

/** What was wrong, from the error's fields: the argument's name as the user typed it, then the core's reason. */
function inputDetail(err: ValidationError, names: Record<string, string> | undefined): string {
  if (!err.param || !err.reason?.text) return err.detail;
  return `${names?.[err.param] ?? err.param} ${err.reason.text}`;
}

/** English text for a cell, a status line or an alert: what went wrong and what to do, with no internal names. */
function english(err: unknown, ctx: ErrorContext): string {
  if (err instanceof NoTokenError) return NO_TOKEN[err.where][0];
  if (!(err instanceof JustOneApiError)) return err instanceof Error ? err.message : String(err);
  const refused = (err as { reason?: { kind?: string; highlight?: { text: string; acknowledge: string } } })
    .reason;
  if (err.code === 'VALIDATION' && refused?.kind === 'danger-unacknowledged' && refused.highlight)
    return `${ctx.fn ? `${ctx.fn}: ` : ''}Refused, nothing was sent or billed: the vendor warns "${refused.highlight.text}" To call it anyway, add "options", "acknowledge:${refused.highlight.acknowledge}".`;
  if (err instanceof ValidationError) {
    const billed = err.nothingSent ? ' Nothing was sent or billed.' : '';
    return `${ctx.fn ? `${ctx.fn}: ` : ''}${inputDetail(err, ctx.names)}${billed}`;
  }
  if (err.code === 'TIMEOUT')
    return 'No answer from Just One API within 60 s (the most Apps Script waits): try again later.';
  return err.message;
}

function chineseText(err: unknown): string | undefined {
  if (err instanceof NoTokenError) return NO_TOKEN[err.where][1];
  if (!(err instanceof JustOneApiError)) return undefined;
  if (typeof err.code === 'number') return `错误码 ${err.code}：${ZH_CODES[err.code] ?? ZH_UNKNOWN_CODE}`;
  return ZH_NAMED[err.code];
}

/** The error as people read it: English, plus a Chinese line where the spreadsheet's locale is Chinese. */
export function describeError(err: unknown, ctx: ErrorContext = {}): string {
  const en = english(err, ctx);
  const zh = chinese() ? chineseText(err) : undefined;
  return zh ? `${en} / ${zh}` : en;
}
