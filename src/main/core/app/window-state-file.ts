import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock';
import { writePrivateFile } from '../files/private-files';
import type { SetAsideReporter } from '../files/set-aside-log';
import { parseWithSchema, readSideFile } from '../files/side-file';

// The main window's size and position as remembered in `window-state.json` in the data dir: the
// file's format, reading (a damaged file is set aside, never a crash) and writing (private, atomic).
// Where the window then opens is the Electron shell's business (src/main/window-state.ts).

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
