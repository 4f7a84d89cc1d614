import { EntryKind } from '../../../shared/model';

/** Entries the evidence itself writes: they never make another checkpoint due. */
export const EVIDENCE_KINDS: readonly EntryKind[] = ['checkpoint', 'device_key_rotated', 'checkpoint_timestamped'];

/** Every other kind: what the incident's own record is made of. */
export const RECORD_KINDS: EntryKind[] = EntryKind.options.filter((kind) => !EVIDENCE_KINDS.includes(kind));
