import { DEFAULT_SIZE, saveWindowState, type Rectangle, type WindowState } from './core/app/window-state-file';

// Where the main window opens: the remembered bounds clamped onto a visible display, so a window
// last seen on an unplugged monitor reopens on a visible one; and saving them when it closes.

export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the title bar must stay on a display for the operator to grab it. */
const VISIBLE_MARGIN = 64;

/**
 * The bounds to open with: the remembered ones if their title bar is on a display, resized to
 * fit that display; otherwise centred on the primary display with the default size.
 */
export function initialBounds(
  saved: WindowState | undefined,
  workAreas: Rectangle[],
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
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
