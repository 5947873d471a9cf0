// Lab drafts that survive a reload: what each lab would send (a race, an experiment, a study, the
// bound's sliders, the compare selection) kept in localStorage, per lab, versioned. A draft is
// written only when it is valid and checked again on restore with the same zod schema main checks
// the request with, so a draft from an older version or edited by hand is dropped with a notice,
// never run and never a crash. Each lab has a "reset to defaults" (resetDraft).
import { watch } from 'vue';
import type { z } from 'zod';
import { useI18n } from '../i18n';
import { useNoticeStore } from '../stores/notices';

export type DraftLab = 'surface' | 'network' | 'batch' | 'bound' | 'compare';

/** Bumped when a draft's shape changes; an older draft is then dropped (with the notice). */
export const DRAFT_VERSION = 1;

export const draftKey = (lab: DraftLab) => `descent-lab.draft.${lab}`;

/** What of localStorage a draft uses (typed here, so Node tests need no DOM types). */
type DraftStorage = { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

export interface DraftOptions {
  /** Default: window.localStorage (none in Node: nothing is kept). */
  storage?: DraftStorage | null;
  /** Told when a stored draft could not be used and was removed. Default: a notice. */
  dropped?: (lab: DraftLab) => void;
}

export interface Draft<In, Out = In> {
  /** The stored draft, valid (as the schema gives it back), or null (none, or dropped). */
  readonly restored: Out | null;
  save(value: In): void;
  clear(): void;
}

function defaultStorage(): DraftStorage | null {
  try {
    return (globalThis as { localStorage?: DraftStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

function noticeDropped(lab: DraftLab): void {
  try {
    const { t } = useI18n();
    useNoticeStore().push('info', () => t('draft.dropped', { lab: t(`draft.lab.${lab}`) }));
  } catch {
    // no notice area (tests): dropping is enough
  }
}

export function draft<S extends z.ZodType>(lab: DraftLab, schema: S, options: DraftOptions = {}): Draft<z.input<S>, z.output<S>> {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const key = draftKey(lab);
  let restored: z.output<S> | null = null;
  let text: string | null = null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    text = null;
  }
  if (text !== null) {
    let parsed: z.ZodSafeParseResult<z.output<S>> | null = null;
    try {
      const stored = JSON.parse(text) as { v?: unknown; draft?: unknown } | null;
      if (stored && typeof stored === 'object' && stored.v === DRAFT_VERSION) parsed = schema.safeParse(stored.draft);
    } catch {
      parsed = null;
    }
    if (parsed?.success) restored = parsed.data;
    else {
      try {
        storage?.removeItem(key);
      } catch {
        // nothing more to do
      }
      (options.dropped ?? noticeDropped)(lab);
    }
  }
  return {
    restored,
    save(value) {
      try {
        storage?.setItem(key, JSON.stringify({ v: DRAFT_VERSION, draft: value }));
      } catch {
        // storage full or unavailable: the draft lives until the page closes
      }
    },
    clear() {
      try {
        storage?.removeItem(key);
      } catch {
        // nothing stored
      }
    },
  };
}

/**
 * Keeps `lab`'s draft: restores it through `apply` (when one is stored and valid), then saves
 * `read()` whenever it changes and is not null (null: the form is mid-edit and invalid; the last
 * valid draft stays). `defaults` is what "reset to defaults" puts back. Returns the Draft.
 */
export function keepDraft<S extends z.ZodType>(
  lab: DraftLab,
  schema: S,
  hooks: { read: () => z.input<S> | null; apply: (value: z.output<S>) => void; defaults: () => void },
  options: DraftOptions = {},
): Draft<z.input<S>, z.output<S>> {
  const d = draft(lab, schema, options);
  if (d.restored !== null) hooks.apply(d.restored);
  watch(
    hooks.read,
    (value) => {
      if (value !== null) d.save(value);
    },
    { deep: true },
  );
  resets.set(lab, () => {
    d.clear();
    hooks.defaults();
  });
  return d;
}

const resets = new Map<DraftLab, () => void>();

/** "Reset to defaults": forgets `lab`'s draft and puts the lab's defaults back. */
export function resetDraft(lab: DraftLab): void {
  resets.get(lab)?.();
}
