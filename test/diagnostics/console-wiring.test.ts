import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/dispatch';
import type { RunSummary } from '../../src/shared/diagnostics-schemas';
import type { TimelineEntry } from '../../src/shared/model';
import { createTestConsole, type TestConsole } from '../support/console';

/** Diagnostics as the transports reach it: through dispatch, journaled by the app's own journal. */
let app: TestConsole;
beforeEach(async () => {
  app = await createTestConsole();
});
afterEach(async () => {
  await app.dispose();
});

async function call(method: string, input: unknown) {
  return dispatch(app.core.handlers, method, input);
}

describe('diagnostics in the console', () => {
  it('runs df on the local host and journals it into the incident', async () => {
    const created = await call('incidents.create', { title: 'Database unresponsive', detectedBy: 'alert' });
    expect(created.ok).toBe(true);
    const incidentId = (created as { result: { id: string } }).result.id;
    const finished = new Promise<RunSummary>((resolve) =>
      app.core.events.subscribe((name, payload) => {
        if (name === 'diagnostics.run' && (payload as RunSummary).status !== 'running') resolve(payload as RunSummary);
      }),
    );
    const started = await call('diagnostics.run', { commandId: 'pg-disk', hostName: 'local', params: { path: '/' }, incidentId });
    expect(started.ok).toBe(true);
    const run = await finished;
    expect(run.status).toBe('succeeded');
    expect(run.journalEntryId).not.toBeNull();
    const entries = await call('journal.entries', { incidentId });
    const entry = (entries as { result: { entries: TimelineEntry[] } }).result.entries.find((item) => item.kind === 'command_run');
    expect(entry?.author).toBe('test-operator');
    expect(entry?.data).toMatchObject({ commandId: 'pg-disk', argv: ['df', '-h', '/'], outcome: 'succeeded', exitCode: 0 });
    expect((entry?.data as { output: string }).output).toMatch(/Filesystem/);
  });

  it('says plainly when a command cannot start (its folder is missing here)', async () => {
    const started = await call('diagnostics.run', { commandId: 'migration-status', hostName: 'local', params: {} });
    expect(started.ok).toBe(true);
    const runId = (started as { result: RunSummary }).result.runId;
    let detail = await call('diagnostics.getRun', { runId });
    for (let attempt = 0; attempt < 100 && (detail as { result: { run: RunSummary } }).result.run.status === 'running'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      detail = await call('diagnostics.getRun', { runId });
    }
    expect((detail as { result: { run: RunSummary } }).result.run).toMatchObject({
      status: 'could_not_start',
      errorMessage: '/opt/powernode/server does not exist on this machine',
    });
  });

  it('refuses over the transport: a change without confirmation, an injected parameter, an unknown field', async () => {
    const change = await call('diagnostics.run', { commandId: 'worker-stop-start', hostName: 'local', params: {} });
    expect(change).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    const injected = await call('diagnostics.run', { commandId: 'backend-logs', hostName: 'local', params: { unit: 'x;reboot' } });
    expect(injected).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    const unknown = await call('diagnostics.run', { commandId: 'backend-logs', hostName: 'local', argv: ['sh', '-c', 'id'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
