// The CLI speaks the user's language: zh-CN when the locale says Chinese, else English.
export interface Text {
  en: string;
  zh: string;
}

export type Lang = keyof Text;

export function langFromEnv(env: Record<string, string | undefined> = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** A message with {name} placeholders filled in, in both languages. */
export function text(t: Text, params: Record<string, string | number> = {}): Text {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
  return { en: fill(t.en), zh: fill(t.zh) };
}

/** Bad command line: exit status 2. */
export class UsageError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'UsageError';
  }
}

/** The command understood its arguments but could not do the work: exit status 1. */
export class CommandError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'CommandError';
  }
}
