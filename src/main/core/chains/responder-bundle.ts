import { RESPONDER_BUNDLE_FORMAT, ResponderBundle } from '../../../shared/chain-exchange-schemas';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { ChainExport } from '../journal/journal';
import { withEntryLines } from '../reports/timeline-bundle';

const invalid = (why: string) => new ConsoleError('BUNDLE_INVALID', `This file is not a responder bundle the console can import: ${why}. Nothing was changed.`);

/** A responder bundle file: this console's chain (or every chain it holds) of one incident, and the keys they need. */
export function responderBundle(exported: ChainExport, from: { device: string; fingerprint: string | null }, exportedAt: string): ResponderBundle {
  return {
    format: RESPONDER_BUNDLE_FORMAT,
    version: 1,
    exportedAt,
    incident: { id: exported.incidentId, title: exported.title },
    from,
    chains: exported.chains,
    deviceKeys: exported.deviceKeys,
    entries: exported.entries,
  };
}

/** One entry per line, like the timeline bundle: readable, and a damaged line is easy to find. */
export function serializeResponderBundle(bundle: ResponderBundle): string {
  return withEntryLines(bundle);
}

/** The file's text read by schema: a damaged, cut-short or foreign file is named for what it is. */
export function parseResponderBundle(text: string): ResponderBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON, so it was cut short or damaged (${errorMessage(error)})`);
  }
  return responderBundleOf(raw);
}

/** The same, from the file's JSON already parsed (`npm run verify` parses a file once, whatever its format). */
export function responderBundleOf(raw: unknown): ResponderBundle {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === 'incident-console.timeline-bundle')
    throw invalid("it is an export's timeline bundle (timeline-bundle.json), which is for verifying; import a responder bundle");
  if (format !== RESPONDER_BUNDLE_FORMAT) throw invalid('it is of another format');
  const version = (raw as { version?: unknown }).version;
  if (version !== 1) throw invalid(`it is of version ${String(version)}, which this console does not know`);
  const parsed = ResponderBundle.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'malformed'}`);
  }
  return parsed.data;
}
