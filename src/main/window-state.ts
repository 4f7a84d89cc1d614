import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from './core/clock';
import { writePrivateFile } from './core/files/private-files';
import type { SetAsideReporter } from './core/files/set-aside-log';
import { parseWithSchema, readSideFile } from './core/files/side-file';

/**
 * The main window's size and position, remembered in a small JSON file in the data dir and
 * clamped on the way back in, so a window last seen on an unplugged monitor reopens on a visible one.
 */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowState = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() }),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the title bar must stay on a display for the operator to grab it. */
const VISIBLE_MARGIN = 64;

export const windowStateFile = (dataDir: string): string => join(dataDir, 'window-state.json');

const WINDOW_STATE_FORMAT = 1;
/** The file as written (`version` was added later: a file without one is format 1). */
const WindowStateFile = WindowState.extend({ version: z.literal(WINDOW_STATE_FORMAT).optional() });

/**
 * A missing file means "no memory"; a damaged or newer-version one is set aside and reported
 * (the banner says so), and the window opens at the default size. Never a crash at startup.
 */
export function loadWindowState(file: string, clock: Clock, report?: SetAsideReporter): WindowState | undefined {
  const parse = parseWithSchema(WindowStateFile, 'window position');
  return readSideFile<WindowState | undefined>(
    {
      path: file,
      label: 'window position',
      version: WINDOW_STATE_FORMAT,
      defaults: () => undefined,
      parse: (data) => {
        const parsed = parse(data);
        return parsed.ok ? { ok: true, value: { bounds: parsed.value.bounds, maximized: parsed.value.maximized } } : parsed;
      },
    },
    { clock, report },
  );
}

export function saveWindowState(file: string, state: WindowState): void {
  writePrivateFile(file, `${JSON.stringify({ version: WINDOW_STATE_FORMAT, ...WindowState.parse(state) }, null, 2)}\n`, 'remember the window position');
}

/**
 * The bounds to open with: the remembered ones if their title bar is on a display, resized to
 * fit that display; otherwise centred on the primary display with the default size.
 */
export function initialBounds(saved: WindowState | undefined, workAreas: Rectangle[]): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  const primary = workAreas[0];
  const fallback = primary
    ? {
        width: Math.min(DEFAULT_SIZE.width, primary.width),
        height: Math.min(DEFAULT_SIZE.height, primary.height),
      }
    : { ...DEFAULT_SIZE };
  if (!saved) return { bounds: fallback, maximized: false };
  const area = workAreas.find((candidate) => titleBarVisibleOn(saved.bounds, candidate));
  if (!area) return { bounds: fallback, maximized: saved.maximized };
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, area.height), area.height);
  const x = clamp(saved.bounds.x, area.x, area.x + area.width - width);
  const y = clamp(saved.bounds.y, area.y, area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

function titleBarVisibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const titleY = bounds.y;
  return overlapX >= VISIBLE_MARGIN && titleY >= area.y && titleY < area.y + area.height - VISIBLE_MARGIN / 2;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** The slice of BrowserWindow the tracker reads; a fake in tests. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's state when it closes (one write, not one per pixel of a drag). */
export function rememberWindowState(window: TrackedWindow, file: string, onError: (error: unknown) => void = () => {}): void {
  window.on('close', () => {
    try {
      saveWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      onError(error);
    }
  });
}
