import { JustOneApiError } from '@justoneapi/sdk/core';
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
  100: '令牌无效或未激活：请检查所设置的令牌，或在 Just One API 控制台创建新令牌',
  301: '上游数据采集失败，通常是暂时的：请稍后重试',
  302: '请求过于频繁（限流）：减少同时发出的请求，或稍等几秒再试',
  303: '今日配额已用完：配额明天重置前请求都会失败；如需今天继续，请提高套餐配额',
  400: '参数无效：请修正参数，原样重发不会成功',
  500: '服务器错误，通常是暂时的：请稍后重试',
  503: '服务器错误，通常是暂时的：请稍后重试',
  600: '无权限：此令牌不能调用该接口，请在 Just One API 控制台为账户开通',
  601: '余额不足：请为 Just One API 账户充值',
};
const ZH_UNKNOWN_CODE =
  '请求失败（未公开的错误码）：请检查参数；如持续出现，请带上 requestId 联系 Just One API 支持';
const ZH_NAMED: Record<string, string> = {
  TIMEOUT: 'Just One API 在 60 秒内没有响应（Apps Script 单个请求的上限）：接口可能较慢或不可用，请稍后再试',
  CONNECTION: '无法连接 Just One API：请检查网络以及菜单 Just One API > Region… 的设置，然后重试',
  INVALID_RESPONSE: 'Just One API 返回了无法使用的响应：请重试；如持续出现，请联系 Just One API 支持',
  VALIDATION: '输入有误（未发送请求，未计费）',
};

const NO_TOKEN = {
  formula: [
    "No token for formulas. Formulas in this spreadsheet use the spreadsheet owner's token: the owner sets it with Just One API > Set token…; if you are an editor, ask the owner to set it (a token an editor sets is used only for that editor's menu refreshes).",
    '没有令牌：本表格中的公式使用表格所有者的令牌。所有者请通过菜单 Just One API > Set token… 设置；编辑者请联系所有者设置（编辑者自己设置的令牌只用于其本人从菜单运行的刷新）。',
  ],
  menu: [
    "No token: use Just One API > Set token… first. It is saved for you only; formulas use the spreadsheet owner's token.",
    '没有令牌：请先通过菜单 Just One API > Set token… 设置。令牌只为你本人保存；公式使用表格所有者的令牌。',
  ],
} as const;

function rename(text: string, names: Record<string, string> | undefined): string {
  let out = text;
  for (const [api, shown] of Object.entries(names ?? {}))
    out = out.replace(new RegExp(`(^|[^\\w"])${api}(?![\\w"])`, 'g'), `$1${shown}`);
  return out;
}

/** English text for a cell, a status line or an alert: what went wrong and what to do, with no internal names. */
function english(err: unknown, ctx: ErrorContext): string {
  if (err instanceof NoTokenError) return NO_TOKEN[err.where][0];
  if (!(err instanceof JustOneApiError)) return err instanceof Error ? err.message : String(err);
  if (err.code === 'VALIDATION') {
    // The core names the operation ("xiaohongshu.getNoteFeed: …") and the API's parameter names.
    const detail = rename(err.message.replace(/^[\w.]+: /, ''), ctx.names);
    return `${ctx.fn ? `${ctx.fn}: ` : ''}${detail} Nothing was sent or billed.`;
  }
  if (err.code === 'TIMEOUT')
    return "No answer from Just One API within 60 s (Apps Script's limit for one request). The API may be slow or down: try again later.";
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
