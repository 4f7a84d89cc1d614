import type { EntryKind, TimelineEntry } from './model';

/** Kinds that act on an earlier entry (`refersTo`): pin, unpin, amend (correct) or redact it. */
export const REFERRING_KINDS = ['amendment', 'redaction', 'pin', 'unpin'] as const;
export type ReferringKind = (typeof REFERRING_KINDS)[number];

export function isReferringKind(kind: EntryKind): kind is ReferringKind {
  return (REFERRING_KINDS as readonly EntryKind[]).includes(kind);
}

/** What the rules look at in the entry acted on: its kind, its number and what is left of its body. */
export type RuleTarget = Pick<TimelineEntry, 'kind' | 'seq' | 'redacted' | 'text' | 'data'>;

/** Pin and unpin entries only mark another entry: there is nothing in them to pin or to correct. */
const MARKERS: ReadonlySet<EntryKind> = new Set(['pin', 'unpin']);
/**
 * A redaction is the record that a body was removed, which must stay readable; the opening entry
 * repeats the incident's title, which redacting the entry would not erase; the evidence entries
 * (checkpoints, key rotations, trusted times) are signed statements that hold nothing of the
 * incident but hashes, and without them no signature could be checked. Role and handover entries
 * say who holds command, which every console's reminders follow: a wrong one is undone by a new
 * entry, never by removing it.
 */
const UNREDACTABLE: ReadonlySet<EntryKind> = new Set([
  'redaction',
  'incident_opened',
  'checkpoint',
  'device_key_rotated',
  'checkpoint_timestamped',
  'role_assigned',
  'role_released',
  'command_handed_over',
]);

const label = (kind: EntryKind): string => kind.replace('_', ' ');
/** "A pin entry", "An amendment entry". */
const anEntry = (kind: EntryKind): string => `${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${label(kind)} entry`;
const hasBody = (target: RuleTarget): boolean => (target.text ?? '') !== '' || Object.keys(target.data ?? {}).length > 0;

/**
 * Why `action` may not apply to `target`, as the operator reads it; undefined when it may. The one
 * set of rules: the journal refuses with these words, and the timeline offers only what they allow.
 */
export function referenceRefusal(action: ReferringKind, target: RuleTarget): string | undefined {
  if (action === 'pin' || action === 'unpin') {
    // Pinned itself, a pin would stand beside the entry it pins in the pinned timeline and the post-mortem.
    return MARKERS.has(target.kind) ? `${anEntry(target.kind)} cannot be ${action}ned: it only marks another entry.` : undefined;
  }
  if (action === 'amendment') {
    if (target.redacted) return `Entry #${target.seq} is redacted; add a note instead of amending it.`;
    if (MARKERS.has(target.kind)) return `${anEntry(target.kind)} cannot be amended: pin or unpin the entry it marks instead.`;
    return undefined;
  }
  if (target.redacted) return `Entry #${target.seq} is already redacted.`;
  if (UNREDACTABLE.has(target.kind)) return `${anEntry(target.kind)} cannot be redacted.`;
  if (!hasBody(target)) return `Entry #${target.seq} is empty: there is nothing to redact.`;
  return undefined;
}

export function mayApply(action: ReferringKind, target: RuleTarget): boolean {
  return referenceRefusal(action, target) === undefined;
}

/** Why the text of a new referring entry is not enough; undefined when it is. */
export function textRefusal(kind: ReferringKind, text: string): string | undefined {
  if (text.trim() !== '') return undefined;
  if (kind === 'redaction') return 'A redaction needs a reason.';
  if (kind === 'amendment') return 'An amendment needs the corrected text.';
  return undefined;
}
