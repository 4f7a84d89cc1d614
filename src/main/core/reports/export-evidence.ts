import { shortFingerprint } from '../../../shared/evidence-statements';

/** What an export's files say of its signing: the device key, and the export's own checkpoint. */
export interface ExportEvidence {
  /** sha256 hex of the device's public key; null when this run signs nothing. */
  keyFingerprint: string | null;
  unsignedBecause: string | null;
  /** The bundle's last checkpoint, made for this export; null when none could be made (unsignedBecause says why). */
  checkpoint: { fingerprint: string; seq: number } | null;
}

/** One sentence for the post-mortem's foot: where the evidence is, what signs it, and which fingerprint to compare. */
export function evidenceSentence(evidence: ExportEvidence): string {
  const key = evidence.keyFingerprint
    ? `signed by device key ${shortFingerprint(evidence.keyFingerprint)} (compare it with the fingerprint the console shows on its Overview)`
    : `unsigned (${evidence.unsignedBecause ?? 'this run has no device key'})`;
  const where = evidence.checkpoint
    ? `ending with the export's checkpoint #${evidence.checkpoint.seq} (${evidence.checkpoint.fingerprint}), ${key}`
    : `without an export checkpoint (${evidence.unsignedBecause ?? 'none was made'}), so nothing in it is signed`;
  return `The full timeline with its hash chain is in timeline-bundle.json, ${where}.`;
}
