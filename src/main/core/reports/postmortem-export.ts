import { join } from 'node:path';
import type { ExportResult } from '../../../shared/comms-schemas';
import { ConsoleError, type ErrorCode, errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import { writePrivateFiles } from '../files/private-files';
import type { JournalPort } from '../journal/journal-port';
import { PDF_UNAVAILABLE_NOTE, type PdfPrinter } from './pdf-printer';
import { postmortemFacts } from './postmortem-facts';
import { postmortemHtml } from './postmortem-html';
import { postmortemMarkdown } from './postmortem-markdown';
import { serializeBundle, timelineBundle } from './timeline-bundle';

export const EXPORT_FILES = { markdown: 'postmortem.md', bundle: 'timeline-bundle.json', html: 'postmortem.html', pdf: 'postmortem.pdf' } as const;

export interface PostmortemExportDeps {
  journal: JournalPort;
  clock: Clock;
  pdf?: PdfPrinter;
}

/**
 * One click: Markdown, the verifiable JSON bundle, the HTML page (and the PDF where the desktop
 * app can print), all from one read of the journal, then an `export_made` entry naming them.
 */
export async function exportPostmortem(deps: PostmortemExportDeps, incidentId: string, folder: string): Promise<ExportResult> {
  const began = performance.now();
  const incident = deps.journal.getIncident(incidentId);
  const entries = deps.journal.allEntries(incidentId);
  const facts = postmortemFacts(incident, entries);
  const bundle = timelineBundle(incident, entries, deps.clock.now().toISOString());
  const html = postmortemHtml(facts);
  const outputs: Array<{ name: string; content: string | Uint8Array }> = [
    { name: EXPORT_FILES.markdown, content: postmortemMarkdown(facts) },
    { name: EXPORT_FILES.bundle, content: serializeBundle(bundle) },
    { name: EXPORT_FILES.html, content: html },
  ];
  let pdfNote: string | undefined = PDF_UNAVAILABLE_NOTE;
  if (deps.pdf) {
    try {
      outputs.push({ name: EXPORT_FILES.pdf, content: await deps.pdf.htmlToPdf(html) });
      pdfNote = undefined;
    } catch (error) {
      pdfNote = `The PDF could not be printed (${errorMessage(error)}); the other files were written.`;
    }
  }

  // All files or none: a folder never holds a new Markdown beside an old bundle.
  const written = outputs.map((output) => ({ ...output, path: join(folder, output.name) }));
  writePrivateFiles(written, `write the post-mortem into ${folder}`);
  const files: ExportResult['files'] = written.map((file) => ({
    name: file.name,
    path: file.path,
    bytes: typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.byteLength,
  }));

  let journalNote: string | undefined;
  try {
    deps.journal.append(incidentId, {
      kind: 'export_made',
      text: `Post-mortem exported to ${folder}`,
      data: { folder, files: files.map((file) => file.name), chainHead: bundle.chain.head },
    });
  } catch (error) {
    // Exporting what is readable is what a read-only or damaged journal is for; say it was not journaled.
    if (!(error instanceof ConsoleError) || !READ_ONLY_CODES.has(error.code)) throw error;
    journalNote = `The files were written, but the export is not in the journal: ${error.message}`;
  }
  return { folder, files, chainHead: bundle.chain.head, entryCount: entries.length, pdfNote, journalNote, elapsedMs: performance.now() - began };
}

const READ_ONLY_CODES: ReadonlySet<ErrorCode> = new Set(['JOURNAL_READ_ONLY', 'JOURNAL_DAMAGED']);
