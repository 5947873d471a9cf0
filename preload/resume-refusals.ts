// Why a run cannot be resumed, worded once for both sides that say it: the app's notices
// (renderer/i18n/errors.ts, `error.run-not-resumable-*`) and the `lab resume` command
// (main/cli/commands/resume.ts). One entry per refusal reason of errors.ts, in English and Chinese,
// with the refusal's params (main/engine/runs/resume.ts) as {placeholders}.
import type { ErrorReason } from './errors';

export type ResumeRefusalReason = Extract<ErrorReason, `run-not-resumable-${string}`>;

type Text = { en: string; zh: string };

/** Why, by reason: what the run is and what to do instead. */
export const RESUME_REFUSALS: Record<ResumeRefusalReason, Text> = {
  'run-not-resumable-kind': { en: 'run {id} is a {kind} run; only network runs continue where they stopped', zh: '运行 {id} 是 {kind} 运行，只有网络运行能从中断处继续' },
  'run-not-resumable-status': {
    en: 'run {id} is {status}; only an interrupted, stopped or failed run can continue',
    zh: '运行 {id} 的状态为 {status}；只有中断、停止或失败的运行可以继续',
  },
  'run-not-resumable-folds': {
    en: 'run {id} is a {folds}-fold cross-validation, one result made together; run it again instead',
    zh: '运行 {id} 的 {folds} 折交叉验证是一起得出的一个结果，请重新运行',
  },
  'run-not-resumable-no-state': {
    en: 'run {id} kept no training state ({epochs} epochs were stored by an older version); run it again instead',
    zh: '运行 {id} 没有保存训练状态（已存的 {epochs} 个轮次来自旧版本），请重新运行',
  },
  'run-not-resumable-changed': {
    en: 'the stored experiment, training state or curves of run {id} no longer fit together',
    zh: '运行 {id} 保存的实验、训练状态或曲线已对不上',
  },
};

/** The line around a reason: "cannot resume: {why}". */
export const RESUME_REFUSED: Text = { en: 'cannot resume: {why}', zh: '无法继续训练：{why}' };

/** The refusal as one line in a language, placeholders left for the caller's formatter. */
export function resumeRefusalLine(reason: ResumeRefusalReason, lang: keyof Text): string {
  return RESUME_REFUSED[lang].replace('{why}', RESUME_REFUSALS[reason][lang]);
}

/** The app's messages (`error.<reason>`), as sentences: capitalised, with a full stop. */
export function resumeRefusalMessages(lang: keyof Text): Record<`error.${ResumeRefusalReason}`, string> {
  const sentence = (line: string) => (lang === 'en' ? `${line[0]!.toUpperCase()}${line.slice(1)}.` : `${line}。`);
  const reasons = Object.keys(RESUME_REFUSALS) as ResumeRefusalReason[];
  return Object.fromEntries(reasons.map((r) => [`error.${r}`, sentence(resumeRefusalLine(r, lang))])) as Record<`error.${ResumeRefusalReason}`, string>;
}
