import type { EntryKind } from '../../../shared/model';

/** Entries the evidence itself writes: they never make another checkpoint due. */
export const EVIDENCE_KINDS: readonly EntryKind[] = ['checkpoint', 'device_key_rotated', 'checkpoint_timestamped'];

/**
 * Whether an entry of this kind states evidence (a bundle's verifier checks each in chain order).
 * This module imports nothing at run time: a big bundle's worker threads ask it of every entry.
 */
export const statesEvidence = (kind: string): boolean => (EVIDENCE_KINDS as readonly string[]).includes(kind);
