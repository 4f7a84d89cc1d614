import { join } from 'node:path';
import { mergedOrder } from '../journal/chain-exchange';
import type { ExportResult } from '../../../shared/comms-schemas';
import { ConsoleError, type ErrorCode, errorMessage } from '../../../shared/errors';
import type { TimelineEntry } from '../../../shared/model';
import type { Clock } from '../clock';
import type { CheckpointPort } from '../evidence/evidence-service';
import type { MadeCheckpoint } from '../evidence/checkpoints';
import { contentBytes, writePrivateFilesInBackground, type FileContent } from '../files/private-files';
import { nextTurn } from '../next-turn';
import type { JournalPort } from '../journal/journal-port';
import type { ExportEvidence } from './export-evidence';
import { PDF_UNAVAILABLE_NOTE, type PdfPrinter } from './pdf-printer';
import { postmortemFacts } from './postmortem-facts';
import { postmortemHtml } from './postmortem-html';
import { postmortemMarkdown } from './postmortem-markdown';
import { serializeBundleInTurns, timelineBundle, type ExportCheckpointRef } from './timeline-bundle';
import { VERIFIER_FILES, verifierFiles } from './verifier-files';

export const EXPORT_FILES = {
  markdown: 'postmortem.md',
  bundle: 'timeline-bundle.json',
  html: 'postmortem.html',
  verifyHtml: VERIFIER_FILES.html,
  verifyNode: VERIFIER_FILES.node,
  pdf: 'postmortem.pdf',
} as const;

export interface PostmortemExportDeps {
  journal: JournalPort;
  clock: Clock;
  pdf?: PdfPrinter;
  /** The export's own checkpoint; without (tests of the documents alone) the bundle says there is none. */
  checkpoints?: CheckpointPort;
}

/**
 * One click: a checkpoint of the incident (signed, and timestamped when an authority is set),
 * then from one read of the journal up to it the Markdown, the verifiable JSON bundle ending
 * with that checkpoint, the HTML page, the two standalone verifiers (and the PDF where the
 * desktop app can print), and an `export_made` entry naming them.
 */
export async function exportPostmortem(deps: PostmortemExportDeps, incidentId: string, folder: string): Promise<ExportResult> {
  const began = performance.now();
  const signing = await deps.checkpoints?.signing();
  let made: MadeCheckpoint | undefined;
  let exportCheckpoint: ExportCheckpointRef = { entryId: null, because: 'this export was made without checkpoints' };
  if (deps.checkpoints) {
    try {
      made = await deps.checkpoints.checkpoint(incidentId, 'export');
      await deps.checkpoints.trustedTime(made);
      exportCheckpoint = { entryId: made.entry.id, fingerprint: made.fingerprint };
    } catch (error) {
      // Exporting what is readable is what a read-only, damaged or full journal is for: the bundle says why it has no checkpoint.
      if (!(error instanceof ConsoleError) || !UNWRITABLE_CODES.has(error.code)) throw error;
      exportCheckpoint = { entryId: null, because: `the journal could not be written: ${error.message}` };
    }
  }
  const incident = deps.journal.getIncident(incidentId);
  // With other devices' chains in the incident, the bundle holds this console's own chain (what the
  // verifiers walk, ended by the export's checkpoint, which signs the other chains' heads); the
  // post-mortem tells the whole merged timeline. Responder bundles carry the other chains.
  const all = await deps.journal.readTimeline(incidentId);
  const ownDevice = signing?.deviceId;
  const isOwn = (entry: TimelineEntry) => !ownDevice || entry.device === null || entry.device === ownDevice;
  const own = all.filter(isOwn);
  // Told apart by device, never by looking each entry up in the other list: that was quadratic in a shared incident's length.
  const others = all.filter((entry) => !isOwn(entry));
  const entries = upToCheckpoint(own, made);
  const exportedAt = made?.entry.recordedAt ?? deps.clock.now().toISOString();
  const facts = postmortemFacts(incident, others.length === 0 ? entries : mergedOrder([...entries, ...others]));
  const keys = deps.journal.keysOfDevices([...new Set(entries.flatMap((entry) => (entry.device ? [entry.device] : [])))]);
  const bundle = timelineBundle({ incident, entries, keys, exportCheckpoint, exportedAt });
  // Each document is written out in a turn of its own, a long timeline's bundle the longest of them.
  await nextTurn();
  const evidence: ExportEvidence = made
    ? {
        keyFingerprint: made.signed ? (signing?.keyFingerprint ?? null) : null,
        unsignedBecause: signing?.unsignedBecause ?? null,
        checkpoint: { fingerprint: made.fingerprint, seq: made.entry.seq },
      }
    : { keyFingerprint: null, unsignedBecause: exportCheckpoint.entryId === null ? exportCheckpoint.because : null, checkpoint: null };
  const html = postmortemHtml(facts, evidence);
  const markdown = postmortemMarkdown(facts, evidence);
  await nextTurn();
  const bundleParts = await serializeBundleInTurns(bundle);
  await nextTurn();
  const verifiers = verifierFiles();
  const outputs: Array<{ name: string; content: FileContent }> = [
    { name: EXPORT_FILES.markdown, content: markdown },
    { name: EXPORT_FILES.bundle, content: bundleParts },
    { name: EXPORT_FILES.html, content: html },
    { name: EXPORT_FILES.verifyHtml, content: verifiers.html },
    { name: EXPORT_FILES.verifyNode, content: verifiers.node },
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
  await writePrivateFilesInBackground(written, `write the post-mortem into ${folder}`);
  const files: ExportResult['files'] = written.map((file) => ({
    name: file.name,
    path: file.path,
    bytes: contentBytes(file.content),
  }));

  const chainHead = bundle.chains[0]!.head;
  let journalNote: string | undefined;
  try {
    deps.journal.append(incidentId, {
      kind: 'export_made',
      text: `Post-mortem exported to ${folder}${made ? `, ending with checkpoint ${made.fingerprint}` : ''}`,
      data: { folder, files: files.map((file) => file.name), chainHead },
    });
  } catch (error) {
    if (!(error instanceof ConsoleError) || !READ_ONLY_CODES.has(error.code)) throw error;
    journalNote = `The files were written, but the export is not in the journal: ${error.message}`;
  }
  return {
    folder,
    checkpoint: made ? { fingerprint: made.fingerprint, seq: made.entry.seq, signed: made.signed } : null,
    keyFingerprint: evidence.keyFingerprint,
    files,
    chainHead,
    entryCount: entries.length,
    pdfNote,
    journalNote,
    elapsedMs: performance.now() - began,
  };
}

/**
 * The entries up to the export's checkpoint, and its trusted time when that came right after it:
 * whatever was appended meanwhile belongs to the next export, so the bundle ends with its checkpoint.
 */
function upToCheckpoint(entries: TimelineEntry[], made: MadeCheckpoint | undefined): TimelineEntry[] {
  if (!made) return entries;
  const end = entries.findIndex((entry) => entry.id === made.entry.id) + 1;
  const next = entries[end];
  const itsTime = next?.kind === 'checkpoint_timestamped' && next.refersTo === made.entry.id;
  return entries.slice(0, itsTime ? end + 1 : end);
}

const READ_ONLY_CODES: ReadonlySet<ErrorCode> = new Set(['JOURNAL_READ_ONLY', 'JOURNAL_DAMAGED']);
const UNWRITABLE_CODES: ReadonlySet<ErrorCode> = new Set([...READ_ONLY_CODES, 'JOURNAL_DISK_FULL']);
