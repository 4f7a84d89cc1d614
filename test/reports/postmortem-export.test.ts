import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FILES } from '../../src/main/core/reports/postmortem-export';
import { createPostmortemHandlers } from '../../src/main/core/reports/postmortem-service';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import type { PdfPrinter } from '../../src/main/core/reports/pdf-printer';
import type { Incident } from '../../src/shared/model';
import { Journal } from '../../src/main/core/journal/journal';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { SAMPLE_CLOCK_START, writeSampleIncident } from '../support/sample-incident';

/** What an export writes where no PDF can be printed (no Electron), in the order its result lists them. */
const FILES_WITHOUT_PDF = [EXPORT_FILES.markdown, EXPORT_FILES.bundle, EXPORT_FILES.html, EXPORT_FILES.verifyHtml, EXPORT_FILES.verifyNode];

const GOLDEN = join(import.meta.dirname, 'golden', 'postmortem.md');

describe('post-mortem export', () => {
  let fixture: JournalFixture;
  let folder: string;
  let incident: Incident;

  beforeEach(() => {
    fixture = createJournalFixture('alice');
    fixture.clock.advance(SAMPLE_CLOCK_START.getTime() - fixture.clock.now().getTime());
    incident = writeSampleIncident(fixture.journal, fixture.clock, { withWriteUp: true });
    folder = mkdtempSync(join(tmpdir(), 'incident-console-export-'));
  });
  afterEach(() => {
    fixture.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const handlers = (pdf?: PdfPrinter) => createPostmortemHandlers({ journal: fixture.journal, clock: fixture.clock, dataDir: fixture.dir, pdf });

  it('writes the runbook template as Markdown, equal to the golden file (frozen clock)', async () => {
    const result = await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const markdown = readFileSync(join(folder, EXPORT_FILES.markdown), 'utf8');
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(result.files.map((file) => file.name)).toEqual(FILES_WITHOUT_PDF);
    expect(result.pdfNote).toMatch(/desktop app/);
  });

  it('journals the export with its folder, files and the chain head it covers', async () => {
    const before = fixture.journal.getIncident(incident.id);
    const result = await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const last = fixture.journal.allEntries(incident.id).at(-1)!;
    expect(last.kind).toBe('export_made');
    expect(last.data).toEqual({ folder, files: result.files.map((file) => file.name), chainHead: result.chainHead });
    expect(result.entryCount).toBe(before.entryCount);
    expect(fixture.journal.verify(incident.id).ok).toBe(true);
    const state = await handlers()['postmortem.get']!({ incidentId: incident.id });
    expect(state.lastExport?.folder).toBe(folder);
  });

  it('writes a bundle whose chain verifies and whose head is the journal head at export time', async () => {
    const head = fixture.journal.verify(incident.id).headHash;
    await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const bundle = JSON.parse(readFileSync(join(folder, EXPORT_FILES.bundle), 'utf8')) as { chains: Array<{ head: string }>; entries: unknown[] };
    expect(bundle.chains[0]!.head).toBe(head);
    // Made without the evidence service, the bundle has no export checkpoint and says so.
    expect(verifyBundle(bundle)).toMatchObject({
      verdict: 'limited',
      failure: null,
      chain: { verified: bundle.entries.length, head },
      exportCheckpoint: { because: 'this export was made without checkpoints' },
    });
  });

  it('keeps the console answering while it reads a long timeline, and exports it whole', async () => {
    fixture.journal.appendBatch(
      incident.id,
      Array.from({ length: 9_000 }, (_, index) => ({ kind: 'note' as const, text: `Responder note ${index + 1}`, data: {} })),
    );
    const exporting = handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    let done = false;
    void Promise.resolve(exporting).then(() => (done = true));
    // Another call arriving once the export has begun (the kill switch, a note): it is served before the export ends.
    const servedWhileExporting = await new Promise<boolean>((resolve) =>
      setImmediate(() => {
        fixture.journal.append(incident.id, { kind: 'note', text: 'Halted the AI layer meanwhile', data: {} });
        resolve(!done);
      }),
    );
    const result = await exporting;
    expect(servedWhileExporting).toBe(true);
    const bundle = JSON.parse(readFileSync(join(folder, EXPORT_FILES.bundle), 'utf8'));
    expect(verifyBundle(bundle)).toMatchObject({ failure: null });
    expect(bundle.entries.filter((entry: { text: string }) => entry.text.startsWith('Responder note '))).toHaveLength(9_000);
    expect(result.entryCount).toBe(bundle.entries.length);
    // Without checkpoints (this test's console), nothing ends the bundle: the note written meanwhile comes last, its chain intact.
    expect(bundle.entries.at(-1)).toMatchObject({ text: 'Halted the AI layer meanwhile' });
  });

  it('writes a self-contained HTML page: no script, no external resource, a strip with bands and marks', async () => {
    await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const html = readFileSync(join(folder, EXPORT_FILES.html), 'utf8');
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.match(/class="sev-band sev-(SEV\d|unset)"/g)).toEqual([
      'class="sev-band sev-unset"',
      'class="sev-band sev-SEV2"',
      'class="sev-band sev-SEV1"',
      'class="sev-band sev-SEV3"',
    ]);
    for (const mark of ['halt', 'resume', 'ack', 'mitigated', 'resolved']) expect(html).toContain(`class="mark mark-${mark}"`);
    // Operator text is escaped, never markup.
    expect(html).toContain('Error rate 38% on checkout | deploy 4521');
  });

  it('escapes operator text in the HTML page', async () => {
    fixture.journal.append(incident.id, { kind: 'postmortem_field', text: '<img src=x onerror=alert(1)>', data: { field: 'lessons' } });
    await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const html = readFileSync(join(folder, EXPORT_FILES.html), 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('escapes entry text in the Markdown, so nothing in it renders as HTML in a viewer', async () => {
    const note = fixture.journal.append(incident.id, {
      kind: 'note',
      text: 'Saw <script>alert(1)</script> & <img src=x onerror=alert(2)> in the logs',
      data: {},
    });
    fixture.journal.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: note.id });
    fixture.journal.append(incident.id, { kind: 'postmortem_field', text: 'Use <details open ontoggle=alert(3)> &amp; more', data: { field: 'lessons' } });
    fixture.journal.append(incident.id, {
      kind: 'action_item',
      text: 'Action item added',
      data: { itemId: 'a1', action: '<iframe src=javascript:alert(4)>', owner: '<b>ops</b>', due: null, status: 'open' },
    });
    await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
    const markdown = readFileSync(join(folder, EXPORT_FILES.markdown), 'utf8');
    // No tag can start anywhere: every "<" of entry text became an entity.
    expect(markdown).not.toMatch(/<[a-z!/?]/i);
    expect(markdown).toContain('Saw &lt;script&gt;alert(1)&lt;/script&gt; & &lt;img src=x onerror=alert(2)&gt; in the logs');
    expect(markdown).toContain('Use &lt;details open ontoggle=alert(3)&gt; &amp;amp; more');
    expect(markdown).toContain('| &lt;iframe src=javascript:alert(4)&gt; | &lt;b&gt;ops&lt;/b&gt; |');
  });

  it('exports what is readable from a read-only journal, and says the export could not be journaled', async () => {
    fixture.journal.close();
    chmodSync(fixture.path, 0o444);
    fixture.journal = new Journal({ path: fixture.path, clock: fixture.clock, author: 'alice' });
    try {
      expect(fixture.journal.readOnly).toBe(true);
      const result = await handlers()['postmortem.export']!({ incidentId: incident.id, folder });
      expect(result.files.map((file) => file.name)).toEqual(FILES_WITHOUT_PDF);
      expect(result.journalNote).toMatch(/^The files were written, but the export is not in the journal: .*read-only/);
      expect(readFileSync(join(folder, EXPORT_FILES.markdown), 'utf8')).toContain('## Timeline');
    } finally {
      chmodSync(fixture.path, 0o644);
    }
  });

  it('prints a PDF through the injected printer when there is one (desktop app)', async () => {
    const printed: string[] = [];
    const pdf: PdfPrinter = { htmlToPdf: (html) => (printed.push(html), Promise.resolve(new TextEncoder().encode('%PDF-1.7 test'))) };
    const result = await handlers(pdf)['postmortem.export']!({ incidentId: incident.id, folder });
    expect(result.files.map((file) => file.name)).toContain(EXPORT_FILES.pdf);
    expect(result.pdfNote).toBeUndefined();
    expect(printed[0]).toBe(readFileSync(join(folder, EXPORT_FILES.html), 'utf8'));
  });

  it('defaults to <dataDir>/exports/<incident> and refuses a relative folder', async () => {
    const result = await handlers()['postmortem.export']!({ incidentId: incident.id });
    expect(result.folder).toBe(join(fixture.dir, 'exports', incident.id));
    await expect(async () => handlers()['postmortem.export']!({ incidentId: incident.id, folder: 'relative/dir' })).rejects.toThrow(/full path/);
  });
});
