import { bodyMatches, entryHeaderOf, entryText, GENESIS_HASH, hashedAtOnce, type DigestCheck, type EntryHeader } from './chain';

/** An entry as the chain commits to it: its header, its body (both null once redacted) and its three hashes. */
export interface ChainedEntry {
  header: EntryHeader;
  text: string | null;
  /** Parsed (a bundle's), or as the journal stored it (JSON text), which is hashed as it is when it is canonical. */
  data: Record<string, unknown> | string | null;
  bodyHash: string;
  prevHash: string;
  hash: string;
}

/** A flat entry (a bundle's, the timeline's) as the chain commits to it. */
export function chainedEntryOf(entry: Omit<EntryHeader, 'device'> & { device?: string | null } & Omit<ChainedEntry, 'header'>): ChainedEntry {
  return { header: entryHeaderOf(entry), text: entry.text, data: entry.data, bodyHash: entry.bodyHash, prevHash: entry.prevHash, hash: entry.hash };
}

/** Where a chain stands: its incident, and the seq and hash of its last entry (0 and genesis before the first). */
export interface ChainPosition {
  incidentId: string;
  seq: number;
  hash: string;
}

/** The reason for a missing body that no redaction names, in the same words as linkBreak's. */
export const UNACCOUNTED_BODY = 'body is missing and no redaction accounts for it';

/**
 * Whether `entry` links onto the chain at `previous`: undefined when it does, else the one reason,
 * worded the same for the journal's badge and for `npm run verify`. A missing body is not judged
 * here: only a redaction further on can account for it (ChainWalk does that).
 */
export function linkBreak(previous: ChainPosition, entry: ChainedEntry, digests: DigestCheck = hashedAtOnce): string | undefined {
  const { header } = entry;
  if (header.seq !== previous.seq + 1) return `sequence number ${header.seq} where ${previous.seq + 1} was expected`;
  if (header.incidentId !== previous.incidentId) return 'belongs to another incident';
  if (entry.prevHash !== previous.hash) return 'does not link to the entry before it (prevHash)';
  if (entry.text === null || entry.data === null) {
    if (entry.text !== entry.data) return 'half a body: text and data must both be present or both redacted';
  } else if (!bodyMatches(entry.text, entry.data, entry.bodyHash, digests)) {
    return 'body does not match its hash (text or data changed after it was written)';
  }
  if (!digests.matches(entryText(previous.hash, header, entry.bodyHash), entry.hash)) return 'entry hash does not match its contents';
  return undefined;
}

/** A body-less entry no redaction accounts for, and how many entries before it verified. */
export interface UnaccountedBody {
  seq: number;
  id: string;
  checked: number;
}

/**
 * What a walk of part of a chain found (ChainWalk.walked): where it started and where it got to,
 * the redactions it walked and the entries without a body. Another walk takes it over with join,
 * so parts of one chain can be walked at once (in worker threads) and joined in order.
 */
export interface WalkedPart {
  from: { seq: number; hash: string };
  to: { seq: number; hash: string };
  redactedIds: string[];
  bodiless: UnaccountedBody[];
}

/**
 * One incident's chain walked in order with linkBreak, from genesis or from a position verified
 * before. Missing bodies are judged after the last entry, against the redactions walked: so a
 * tampered redaction is named itself rather than the entry whose body it accounts for.
 */
export class ChainWalk {
  private readonly at: ChainPosition;
  private readonly redactedIds = new Set<string>();
  private readonly bodiless: UnaccountedBody[] = [];

  private readonly from: { seq: number; hash: string };

  constructor(
    incidentId: string,
    from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
    private readonly digests: DigestCheck = hashedAtOnce,
  ) {
    this.at = { incidentId, seq: from.seq, hash: from.hash };
    this.from = { seq: from.seq, hash: from.hash };
  }

  /** Entries verified so far (those of the position it started from included). */
  get checked(): number {
    return this.at.seq;
  }

  get head(): string {
    return this.at.hash;
  }

  /** Undefined when the entry links and the walk moves onto it; the reason otherwise (and the walk stays). */
  step(entry: ChainedEntry): string | undefined {
    const broken = linkBreak(this.at, entry, this.digests);
    if (broken) return broken;
    const { header } = entry;
    if (header.kind === 'redaction' && header.refersTo !== null) this.redactedIds.add(header.refersTo);
    if (entry.text === null) this.bodiless.push({ seq: header.seq, id: header.id, checked: this.at.seq });
    this.at.seq = header.seq;
    this.at.hash = entry.hash;
    return undefined;
  }

  /** What this walk found, from where it started to where it is, for another walk to join. */
  walked(): WalkedPart {
    return { from: { ...this.from }, to: { seq: this.at.seq, hash: this.at.hash }, redactedIds: [...this.redactedIds], bodiless: [...this.bodiless] };
  }

  /** Whether a part walked by another walk starts exactly where this walk is (the entry before it, by seq and hash). */
  continuesWith(part: WalkedPart): boolean {
    return part.from.seq === this.at.seq && part.from.hash === this.at.hash;
  }

  /**
   * Takes over a part walked by another walk of the same incident when it starts exactly where this
   * walk is (the entry before it, by seq and hash): false, and nothing changes, when it does not.
   */
  join(part: WalkedPart): boolean {
    if (!this.continuesWith(part)) return false;
    for (const id of part.redactedIds) this.redactedIds.add(id);
    for (const entry of part.bodiless) this.bodiless.push(entry);
    this.at.seq = part.to.seq;
    this.at.hash = part.to.hash;
    return true;
  }

  /** After the last entry: the first entry walked whose body is missing with no redaction naming it. */
  unaccounted(): UnaccountedBody | undefined {
    return this.bodiless.find((entry) => !this.redactedIds.has(entry.id));
  }
}
