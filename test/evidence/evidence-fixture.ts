import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callOk } from '../support/call';
import { createTestConsole, type TestConsole, type TestConsoleOptions } from '../support/console';

export interface ExportedIncident {
  testConsole: TestConsole;
  incidentId: string;
  folder: string;
  bundleText: string;
  /** The fingerprint the internal update quoted: what its readers saw. */
  witness: string;
  /** The device key that signed (sha256 hex). */
  keyFingerprint: string;
}

/**
 * A real console (real journal file, the real OS keychain of the test session) that lives through
 * an incident the way an operator does: notes, an acknowledgement, an update posted with its
 * fingerprint, a redaction, more notes, the close, then an export. The bundle is read as written.
 */
export async function exportedIncident(options: TestConsoleOptions = {}): Promise<ExportedIncident> {
  const testConsole = await createTestConsole(new Date('2026-03-15T09:00:00.000Z'), options);
  const { core, clock } = testConsole;
  const incident = await callOk(core, 'incidents.create', { title: 'Checkout API returning 500s', detectedBy: 'alert' });
  const note = (text: string) => callOk(core, 'journal.append', { incidentId: incident.id, kind: 'note', text });
  clock.advance(60_000);
  await note('Error rate 38% on checkout');
  await callOk(core, 'incidents.setStatus', { incidentId: incident.id, status: 'acknowledged' });
  await core.evidence.settled();
  clock.advance(60_000);
  const leaked = await note('pasted token zq81canary by mistake');
  await callOk(core, 'journal.append', { incidentId: incident.id, kind: 'redaction', text: 'Contained a token', refersTo: leaked.id });
  const posted = await callOk(core, 'comms.recordUpdate', {
    incidentId: incident.id,
    text: 'Checkout degraded, rolling back deploy 4521',
    channel: 'war-room',
  });
  clock.advance(60_000);
  await note('Rollback done, error rate back to 0.1%');
  await callOk(core, 'incidents.setStatus', { incidentId: incident.id, status: 'resolved' });
  await core.evidence.settled();
  const folder = join(testConsole.dataDir, 'exports', 'signed');
  const exported = await callOk(core, 'postmortem.export', { incidentId: incident.id, folder });
  if (!exported.keyFingerprint) throw new Error('the export is unsigned: run this test inside the keychain session (npm test does)');
  return {
    testConsole,
    incidentId: incident.id,
    folder,
    bundleText: readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'),
    witness: (posted.data as { witness: string }).witness,
    keyFingerprint: exported.keyFingerprint,
  };
}
