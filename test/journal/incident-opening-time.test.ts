import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Journal } from '../../src/main/core/journal/journal';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import { unsignedBundle } from '../support/unsigned-bundle';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A real clock can pass a millisecond between two reads; this one passes one on every read.
it('opens an incident at one instant: its createdAt is its first entry’s recordedAt, so its bundle verifies however the clock moves', () => {
  dir = mkdtempSync(join(tmpdir(), 'incident-console-opening-'));
  let at = Date.parse('2026-03-15T09:00:00.000Z');
  const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock: { now: () => new Date((at += 1)) }, author: 'alice' });
  try {
    const incident = journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
    journal.append(incident.id, { kind: 'note', text: 'rollback started', data: {} });
    const [opened] = journal.allEntries(incident.id);
    expect(opened!.recordedAt).toBe(incident.createdAt);
    const report = verifyBundle(unsignedBundle(journal, incident.id, new Date(at).toISOString()));
    expect(report.failure).toBeNull();
    expect(report.chain.verified).toBe(2);
  } finally {
    journal.close();
  }
});
