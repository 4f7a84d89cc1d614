import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../../shared/comms-schemas';
import { ConsoleError } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';
import { ReportsErrorCode } from './export-folder';
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
      pdfNote = `The PDF could not be printed (${error instanceof Error ? error.message : String(error)}); the other files were written.`;
    }
  }

  const files: ExportResult['files'] = [];
  try {
    mkdirSync(folder, { recursive: true });
    for (const output of outputs) {
      const path = join(folder, output.name);
      writeFileSync(path, output.content);
      files.push({ name: output.name, path, bytes: typeof output.content === 'string' ? Buffer.byteLength(output.content) : output.content.byteLength });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConsoleError(ReportsErrorCode.writeFailed, `Could not write the post-mortem into ${folder}: ${reason}. Pick another folder.`);
  }

  deps.journal.append(incidentId, {
    kind: 'export_made',
    text: `Post-mortem exported to ${folder}`,
    data: { folder, files: files.map((file) => file.name), chainHead: bundle.chain.head },
  });
  return { folder, files, chainHead: bundle.chain.head, entryCount: entries.length, pdfNote, elapsedMs: performance.now() - began };
}
