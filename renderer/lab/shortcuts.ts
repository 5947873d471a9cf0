// Keyboard shortcuts shared by the labs, the dashboard and the frame (documented in the help tooltip).

type Key = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Ctrl+Enter (Cmd+Enter on macOS): run the lab's experiment. */
export const isRunShortcut = (e: Key) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
/** Ctrl+K (Cmd+K): open Compare. */
export const isCompareShortcut = (e: Key) => (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
/** Esc on the dashboard: stop the selected run. */
export const isStopShortcut = (e: Key) => e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey;
