import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore, type Core, type CoreDeps } from '../../src/main/core/compose-core';

export interface TestConsole {
  core: Core;
  dataDir: string;
  clock: AdjustableClock;
  dispose(): Promise<void>;
}

export interface TestConsoleOptions {
  /** Adds or replaces deps of the core. */
  deps?: Partial<CoreDeps>;
  /** Writes files into the data dir before the core starts. */
  prepare?: (dataDir: string) => void;
  /** Starts on this data dir (a restart of an earlier console) instead of a fresh one. */
  dataDir?: string;
}

/** A real core on a fresh temp data dir, with a clock the test controls. */
export async function createTestConsole(
  start = new Date('2026-03-15T09:00:00.000Z'),
  { deps: extra = {}, prepare, dataDir: reused }: TestConsoleOptions = {},
): Promise<TestConsole> {
  const dataDir = reused ?? mkdtempSync(join(tmpdir(), 'incident-console-test-'));
  prepare?.(dataDir);
  const clock = AdjustableClock.frozen(start);
  const core = await composeCore({
    name: 'Incident Console',
    version: '0.0.0-test',
    mode: 'browser',
    dataDir,
    operator: 'test-operator',
    platform: process.platform,
    clock,
    ...extra,
  });
  return {
    core,
    dataDir,
    clock,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
