// The main window's size, position and maximized state, remembered between launches in a small
// JSON file in the user-data folder. Plain Node: the bounds of the displays come in as arguments,
// so a window saved on a monitor that is gone comes back on one that is there.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface WindowState {
  /** Absent on first launch: the window is centred. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1400, height: 900, maximized: false };
export const MIN_WINDOW = { width: 900, height: 600 } as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The saved state, or the default when the file is missing or not one of ours. */
export function loadWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW };
  }
  const r = raw as Partial<Record<keyof WindowState, unknown>>;
  if (typeof raw !== 'object' || raw === null || !finite(r.width) || !finite(r.height)) return { ...DEFAULT_WINDOW };
  const state: WindowState = {
    width: Math.max(MIN_WINDOW.width, Math.round(r.width)),
    height: Math.max(MIN_WINDOW.height, Math.round(r.height)),
    maximized: r.maximized === true,
  };
  if (finite(r.x) && finite(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}

/** How much of `a` lies inside `b`. */
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The state placed on the displays there are now (their work areas): kept where it was when at
 * least a 100×50 piece of its title area shows on one, shrunk to fit the biggest display, and
 * otherwise moved onto the primary display (the first), centred.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const largest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const width = Math.min(state.width, largest.width);
  const height = Math.min(state.height, largest.height);
  if (state.x === undefined || state.y === undefined) return { ...state, width, height };
  const titleBar: Rect = { x: state.x, y: state.y, width, height: 50 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= 100 * 50);
  if (visible) return { ...state, width, height };
  const primary = workAreas[0]!;
  const w = Math.min(width, primary.width);
  const h = Math.min(height, primary.height);
  return { ...state, width: w, height: h, x: Math.round(primary.x + (primary.width - w) / 2), y: Math.round(primary.y + (primary.height - h) / 2) };
}

/** What to save when the window closes: the normal (unmaximized) bounds plus whether it was maximized. */
export function stateToSave(normalBounds: Rect, maximized: boolean): WindowState {
  return { x: normalBounds.x, y: normalBounds.y, width: normalBounds.width, height: normalBounds.height, maximized };
}
