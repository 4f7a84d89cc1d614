import { EntryKind } from '../../../shared/model';

/** Entries the evidence itself writes: they never make another checkpoint due. */
export const EVIDENCE_KINDS: readonly EntryKind[] = ['checkpoint', 'device_key_rotated', 'checkpoint_timestamped'];

/** Whether an entry of this kind states evidence (a bundle's verifier checks each in chain order). */
export const statesEvidence = (kind: string): boolean => (EVIDENCE_KINDS as readonly string[]).includes(kind);

/** Every other kind: what the incident's own record is made of. */
export const RECORD_KINDS: EntryKind[] = EntryKind.options.filter((kind) => !EVIDENCE_KINDS.includes(kind));
