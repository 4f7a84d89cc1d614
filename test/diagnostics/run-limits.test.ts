import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock, systemClock } from '../../src/main/core/clock';
import { createDiagnostics, MAX_QUEUED, MAX_RUNNING_PER_HOST, type Diagnostics } from '../../src/main/core/diagnostics/diagnostics-service';
import { EventBus } from '../../src/main/core/event-bus';
import type { HandlerMap } from '../../src/main/core/handlers';
import { CommandCatalog } from '../../src/shared/command-catalog';
import type { RunSummary } from '../../src/shared/diagnostics-schemas';

/** A read-only command that takes its time, so runs pile up on the host. */
const catalog = CommandCatalog.parse({
  version: 1,
  commands: [{ id: 'slow-check', title: 'Slow check', group: 'Test', description: 'Waits 30 s.', argv: ['sleep', '30'], effect: 'read', timeoutSeconds: 60 }],
});

let dataDir: string;
let diagnostics: Diagnostics;
let handlers: HandlerMap;
const published: RunSummary[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ic-run-limits-'));
  const events = new EventBus();
  events.subscribe((name, payload) => {
    if (name === 'diagnostics.run') published.push(payload as RunSummary);
  });
  diagnostics = createDiagnostics({ dataDir, clock: systemClock, events, journal: undefined, catalog });
  handlers = diagnostics.handlers as HandlerMap;
});
afterEach(async () => {
  await diagnostics.close();
  published.length = 0;
  rmSync(dataDir, { recursive: true, force: true });
});

// diagnostics.run and .cancel answer synchronously (a handler may return a promise; these do not).
const run = (timeoutSeconds?: number) => handlers['diagnostics.run']({ commandId: 'slow-check', hostName: 'local', params: {}, timeoutSeconds }) as RunSummary;
const cancel = (runId: string) => handlers['diagnostics.cancel']({ runId }) as RunSummary;
const statuses = async () => (await handlers['diagnostics.listRuns']({})).runs.reverse().map((summary) => [summary.status, summary.queuePosition]);

describe('diagnostics runs are capped', () => {
  it(`runs ${MAX_RUNNING_PER_HOST} at once on a host and queues the rest visibly, in order`, async () => {
    const started = [1, 2, 3, 4, 5].map(() => run());
    expect(started.map((summary) => [summary.status, summary.queuePosition])).toEqual([
      ['running', null],
      ['running', null],
      ['running', null],
      ['queued', 1],
      ['queued', 2],
    ]);
    // The queue is pushed, so every window shows it.
    expect(published.filter((summary) => summary.status === 'queued').map((summary) => summary.runId)).toEqual([started[3]!.runId, started[4]!.runId]);

    // A running one ends: the first in line starts, the other moves up.
    cancel(started[0]!.runId);
    await diagnostics.whenFinished(started[0]!.runId);
    expect(await statuses()).toEqual([
      ['cancelled', null],
      ['running', null],
      ['running', null],
      ['running', null],
      ['queued', 1],
    ]);

    // One still waiting is cancelled without ever running.
    const cancelled = cancel(started[4]!.runId);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      queuePosition: null,
      errorMessage: 'Cancelled while waiting for its turn; it never ran.',
      outputBytes: 0,
    });
  });

  it('refuses runs beyond the queue, saying why, instead of starting 150 processes', async () => {
    const answers = Array.from({ length: 150 }, () => {
      try {
        return run().status;
      } catch (error) {
        return (error as { code: string }).code;
      }
    });
    expect(answers.filter((answer) => answer === 'running')).toHaveLength(MAX_RUNNING_PER_HOST);
    expect(answers.filter((answer) => answer === 'queued')).toHaveLength(MAX_QUEUED);
    expect(answers.filter((answer) => answer === 'DIAGNOSTICS_BUSY')).toHaveLength(150 - MAX_RUNNING_PER_HOST - MAX_QUEUED);
    expect(() => run()).toThrow(`3 commands are running on local and ${MAX_QUEUED} are waiting: cancel some, or wait for them, before starting more.`);
  });

  it('refuses a timeout longer than a command may run', () => {
    expect(() => run(3600)).toThrow(
      expect.objectContaining({ code: 'DIAGNOSTICS_TIMEOUT_TOO_LONG', message: 'A timeout of 3600 s is longer than Slow check may run: at most 600 s.' }),
    );
    expect(run(600).timeoutSeconds).toBe(600);
  });

  it('on close, what waits is cancelled (never started) and what runs is stopped', async () => {
    [1, 2, 3, 4].map(() => run());
    await diagnostics.close();
    const runs = (await handlers['diagnostics.listRuns']({})).runs.reverse();
    expect(runs.map((summary) => summary.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(runs[3]!.errorMessage).toBe('Cancelled while waiting for its turn; it never ran.');
    expect(runs[0]!.errorMessage).toBe('Cancelled by the operator');
  });
});

describe("a run's times", () => {
  it('start, end and duration are on the console clock, so the three shown agree', async () => {
    const clock = AdjustableClock.frozen(new Date('2030-01-02T03:04:05.000Z'));
    const own = createDiagnostics({ dataDir, clock, events: new EventBus(), journal: undefined, catalog });
    try {
      const started = (own.handlers as HandlerMap)['diagnostics.run']({ commandId: 'slow-check', hostName: 'local', params: {} }) as RunSummary;
      clock.advance(90_000);
      (own.handlers as HandlerMap)['diagnostics.cancel']({ runId: started.runId });
      const ended = await own.whenFinished(started.runId);
      expect(ended).toMatchObject({ status: 'cancelled', startedAt: '2030-01-02T03:04:05.000Z', endedAt: '2030-01-02T03:05:35.000Z', durationMs: 90_000 });
    } finally {
      await own.close();
    }
  });
});
