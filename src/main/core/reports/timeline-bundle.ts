import type { Incident, TimelineEntry } from '../../../shared/model';
import { GENESIS_HASH, type EntryHeader } from '../journal/chain';
import type { DeviceKeyRecord } from '../journal/journal';
import { nextTurn } from '../next-turn';

export const BUNDLE_FORMAT = 'incident-console.timeline-bundle';
export const BUNDLE_VERSION = 2;

/** One entry as the chain commits to it: its header, its body, and the three hashes. Nothing derived. */
export interface BundleEntry extends EntryHeader {
  /** null when the body was redacted: its hash still stands in the chain. */
  text: string | null;
  data: Record<string, unknown> | null;
  bodyHash: string;
  prevHash: string;
  hash: string;
}

/** What the bundle says of the incident: only what its first entry (incident_opened) states, so a verifier can check every byte. */
export interface BundleIncident {
  id: string;
  title: string;
  detectedBy: string;
  startedAt: string;
  createdAt: string;
  createdBy: string;
}

/** The export's own checkpoint (the bundle's last entry, or last but its trusted time), or why there is none. */
export type ExportCheckpointRef = { entryId: string; fingerprint: string } | { entryId: null; because: string };

/** Version 2 (docs/evidence-format.md): the entries, the devices' public keys, the chain heads and the export's checkpoint. */
export interface TimelineBundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  exportedAt: string;
  incident: BundleIncident;
  devices: Array<{ deviceId: string; keys: Array<{ publicKey: string; fingerprint: string }> }>;
  chains: Array<{ device: string | null; entryCount: number; head: string }>;
  exportCheckpoint: ExportCheckpointRef;
  entries: BundleEntry[];
}

export interface BundleInput {
  incident: Incident;
  /** In chain order, ending with the export's checkpoint (and its trusted time, if it came at once). */
  entries: readonly TimelineEntry[];
  /** The public keys the journal keeps for the devices that wrote them. */
  keys: readonly DeviceKeyRecord[];
  exportCheckpoint: ExportCheckpointRef;
  exportedAt: string;
}

/**
 * Every entry with its hashes, the keys its checkpoints were signed with and the chain head:
 * enough for anyone to check it with the verifiers beside it (verify.html, verify-bundle.mjs)
 * or `npm run verify`, without the console or its database.
 */
export function timelineBundle({ incident, entries, keys, exportCheckpoint, exportedAt }: BundleInput): TimelineBundle {
  const deviceIds = [...new Set(entries.flatMap((entry) => (entry.device ? [entry.device] : [])))];
  const last = entries.at(-1);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt,
    incident: {
      id: incident.id,
      title: incident.title,
      detectedBy: incident.detectedBy,
      startedAt: incident.startedAt,
      createdAt: incident.createdAt,
      createdBy: incident.createdBy,
    },
    devices: deviceIds.map((deviceId) => ({
      deviceId,
      keys: keys.filter((key) => key.deviceId === deviceId).map((key) => ({ publicKey: key.publicKey, fingerprint: key.fingerprint })),
    })),
    chains: [{ device: last?.device ?? null, entryCount: entries.length, head: last?.hash ?? GENESIS_HASH }],
    exportCheckpoint,
    entries: entries.map(bundleEntry),
  };
}

/**
 * One entry as a bundle (and a team database row) carries it: one literal of one shape, in the
 * bundle's field order (no spread of the header). An entry from before devices has no device:
 * undefined, so JSON leaves it out and its hash is what it was.
 */
export function bundleEntry(entry: TimelineEntry): BundleEntry {
  return {
    id: entry.id,
    incidentId: entry.incidentId,
    seq: entry.seq,
    kind: entry.kind,
    author: entry.author,
    recordedAt: entry.recordedAt,
    occurredAt: entry.occurredAt,
    refersTo: entry.refersTo,
    device: entry.device ?? undefined,
    text: entry.text,
    data: entry.data,
    bodyHash: entry.bodyHash,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

/** Readable and diff-friendly: the header indented, then one entry per line (cheaper than indenting 10,000 entries). */
export function serializeBundle(bundle: TimelineBundle): string {
  return withEntryLines(bundle);
}

/** Entries serializeBundleInTurns writes between two turns of the event loop (about 20 ms of work here). */
const ENTRIES_PER_TURN = 5_000;

/**
 * serializeBundle's text in parts, ENTRIES_PER_TURN entries each, written with the event loop
 * turning in between: a 100,000-entry bundle took 386 ms in one go, with the console answering
 * nothing else. The parts are saved as they are (a PrivateFile's content): joining 50 MB into one
 * text, and encoding that, held the event loop for another 0.3 s.
 */
export async function serializeBundleInTurns(bundle: TimelineBundle): Promise<string[]> {
  const { head, tail } = aroundEntryLines(bundle);
  const parts = [head];
  for (let start = 0; start < bundle.entries.length; start += ENTRIES_PER_TURN) {
    if (start > 0) await nextTurn();
    const lines = bundle.entries.slice(start, start + ENTRIES_PER_TURN).map(entryLine);
    parts.push(`${start > 0 ? ',\n' : ''}${lines.join(',\n')}`);
  }
  parts.push(tail);
  return parts;
}

/** Any bundle with its `entries` last: the header indented, then one entry per line. */
export function withEntryLines(bundle: { entries: readonly unknown[] }): string {
  const { head, tail } = aroundEntryLines(bundle);
  return `${head}${bundle.entries.map(entryLine).join(',\n')}${tail}`;
}

const entryLine = (entry: unknown): string => `    ${JSON.stringify(entry)}`;

/** The text before and after the entry lines: the header indented, then the entries' array opened and closed. */
function aroundEntryLines(bundle: { entries: readonly unknown[] }): { head: string; tail: string } {
  const { entries: _entries, ...header } = bundle;
  const written = JSON.stringify(header, null, 2);
  return { head: `${written.slice(0, -2)},\n  "entries": [\n`, tail: '\n  ]\n}\n' };
}
