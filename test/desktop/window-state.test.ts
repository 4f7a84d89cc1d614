import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { DEFAULT_SIZE, loadWindowState, windowStateFile } from '../../src/main/core/app/window-state-file';
import { initialBounds, rememberWindowState } from '../../src/main/window-state';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dataDir = mkdtempSync(join(tmpdir(), 'incident-console-window-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window size and position are remembered', () => {
  it('saves the normal bounds and maximized flag on close, and reads them back', () => {
    const file = windowStateFile(dataDir);
    let onClose: (() => void) | undefined;
    rememberWindowState(
      { getNormalBounds: () => ({ x: 2000, y: 40, width: 1200, height: 800 }), isMaximized: () => true, on: (_event, listener) => (onClose = listener) },
      file,
    );
    expect(loadWindowState(file, clock)).toBeUndefined();
    onClose!();
    expect(loadWindowState(file, clock)).toEqual({ bounds: { x: 2000, y: 40, width: 1200, height: 800 }, maximized: true });
  });

  it('reopens where it was when that display is still there', () => {
    const saved = { bounds: { x: 2000, y: 40, width: 1200, height: 800 }, maximized: false };
    expect(initialBounds(saved, [laptop, rightMonitor])).toEqual({ bounds: saved.bounds, maximized: false });
  });

  it('falls back to the primary display when the remembered monitor is gone', () => {
    const saved = { bounds: { x: 2000, y: 40, width: 1200, height: 800 }, maximized: true };
    expect(initialBounds(saved, [laptop])).toEqual({ bounds: DEFAULT_SIZE, maximized: true });
  });

  it('pulls a window hanging off the edge back inside and shrinks it to the display', () => {
    const saved = { bounds: { x: 1500, y: 100, width: 3000, height: 2000 }, maximized: false };
    expect(initialBounds(saved, [laptop])).toEqual({ bounds: { x: 0, y: 0, width: 1920, height: 1050 }, maximized: false });
    const offRight = { bounds: { x: 1800, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(initialBounds(offRight, [laptop]).bounds).toEqual({ x: 920, y: 100, width: 1000, height: 700 });
  });

  it('ignores a title bar above the top of every display (unreachable window)', () => {
    const saved = { bounds: { x: 100, y: -500, width: 1000, height: 700 }, maximized: false };
    expect(initialBounds(saved, [laptop]).bounds).toEqual(DEFAULT_SIZE);
  });

  it('treats a damaged or foreign file as no memory', () => {
    const file = join(dataDir, 'broken.json');
    writeFileSync(file, '{"bounds": {"x": "left"}}');
    expect(loadWindowState(file, clock)).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(loadWindowState(file, clock)).toBeUndefined();
  });
});
