import { EntryKind } from '../../../shared/model';
import { EVIDENCE_KINDS } from './evidence-kinds';

/** Every kind but the evidence's own: what the incident's own record is made of. */
export const RECORD_KINDS: EntryKind[] = EntryKind.options.filter((kind) => !EVIDENCE_KINDS.includes(kind));
