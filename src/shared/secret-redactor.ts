import {
  applyRedactions,
  KEY_BLOCK_BEGIN,
  KEY_BLOCK_END,
  KEY_MARKER_MAX,
  LOOKBEHIND_MAX,
  MAX_SECRET_MATCH,
  REDACTED_PRIVATE_KEY,
  scanSecrets,
  type SecretScan,
} from './secret-patterns';

/**
 * Removes secrets from text that arrives in pieces (command output) or whole (a note): the same
 * code either way, and the result does not depend on where the pieces were cut. Two stages:
 * private key blocks are dropped first (they span lines), then the patterns of secret-patterns.ts
 * run over whole lines. A line that grows past MAX_PENDING_LINE without a newline is released
 * up to a point no candidate secret spans, holding back more than the longest match, so memory
 * stays bounded and a label is never parted from its value.
 */
export const MAX_PENDING_LINE = 64 * 1024;
/** Kept back at a long-line cut: longer than any one match, so what is released is decided. */
const HOLD = MAX_SECRET_MATCH + 1024;
/** Released text kept in front of the pending text, for lookbehinds, `\b` and `^`. */
const CONTEXT = LOOKBEHIND_MAX;
/** A line this long in which no safe cut exists is withheld rather than released unchecked. */
const MAX_UNCUT_LINE = 4 * 1024 * 1024;

export type FoundSecret = (kind: string) => void;

/** Drops everything from a BEGIN … PRIVATE KEY marker through its END marker. */
class KeyBlockStage {
  private pending = '';
  private inKey = false;
  private withheld = 0;

  constructor(private readonly onFound: FoundSecret | undefined) {}

  push(chunk: string): string {
    this.pending += chunk;
    let out = '';
    for (let marker = this.nextMarker(); marker; marker = this.nextMarker()) {
      const after = marker.index + marker[0].length;
      if (this.inKey) {
        this.withheld = 0;
      } else {
        out += this.pending.slice(0, marker.index) + REDACTED_PRIVATE_KEY;
        this.onFound?.('private key');
      }
      this.pending = this.pending.slice(after);
      this.inKey = !this.inKey;
    }
    // A marker is at most KEY_MARKER_MAX long and starts with "-": only a tail from a "-" that
    // near the end can still become one.
    const dash = this.pending.indexOf('-', Math.max(0, this.pending.length - (KEY_MARKER_MAX - 1)));
    const settled = dash < 0 ? this.pending.length : dash;
    if (this.inKey) this.withheld += settled;
    else out += this.pending.slice(0, settled);
    this.pending = this.pending.slice(settled);
    return out;
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    if (!this.inKey) return rest;
    const withheld = this.withheld + rest.length;
    this.inKey = false;
    this.withheld = 0;
    return `\n[${withheld} characters withheld after a private key with no END line]\n`;
  }

  private nextMarker(): RegExpExecArray | null {
    return (this.inKey ? KEY_BLOCK_END : KEY_BLOCK_BEGIN).exec(this.pending);
  }
}

/** Runs the secret patterns over whole lines (or over safe pieces of a very long line). */
class RuleStage {
  /** Up to CONTEXT released characters, then the pending ones from `at`. */
  private text = '';
  private at = 0;

  constructor(private readonly onFound: FoundSecret | undefined) {}

  push(chunk: string): string {
    if (chunk === '') return '';
    this.text += chunk;
    let out = '';
    const newline = this.text.lastIndexOf('\n');
    // No pattern matches a newline, so complete lines are scrubbed on their own.
    if (newline >= this.at) out += this.release(this.text.slice(0, newline + 1), newline + 1);
    while (this.text.length - this.at > MAX_PENDING_LINE) {
      const piece = this.releaseLongLine();
      if (piece === undefined) break;
      out += piece;
    }
    return out;
  }

  end(): string {
    const out = this.at < this.text.length ? this.release(this.text, this.text.length) : '';
    this.text = '';
    this.at = 0;
    return out;
  }

  private releaseLongLine(): string | undefined {
    const scan = scanSecrets(this.text, this.at);
    const regions = mergedRegions(scan.regions);
    let cut = this.text.length - HOLD;
    for (let moved = true; moved;) {
      const inside = regions.find(([start, end]) => start < cut && cut < end);
      // Never between the two halves of a surrogate pair (an emoji), so each piece stays valid text.
      const splitsPair = isHighSurrogate(this.text.charCodeAt(cut - 1));
      moved = inside !== undefined || splitsPair;
      if (inside) cut = inside[0];
      else if (splitsPair) cut -= 1;
    }
    if (cut > this.at) return this.release(this.text, cut, scan);
    if (this.text.length - this.at <= MAX_UNCUT_LINE) return undefined;
    const withheld = this.text.length - this.at;
    this.text = '';
    this.at = 0;
    return `[${withheld} characters withheld: a line this long offered no safe place to check it for secrets]`;
  }

  /** Releases `source[at, cut)` scrubbed; every candidate starting before `cut` ends by it. */
  private release(source: string, cut: number, scan: SecretScan = scanSecrets(source, this.at)): string {
    const { text, placed } = applyRedactions(source, this.at, cut, scan.redactions);
    for (const redaction of placed) this.onFound?.(redaction.kind);
    const keepFrom = Math.max(0, cut - CONTEXT);
    this.text = this.text.slice(keepFrom);
    this.at = cut - keepFrom;
    return text;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Candidate regions, sorted, overlapping ones joined (touching ones stay apart: a cut may fall between). */
function mergedRegions(regions: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...regions].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export class SecretRedactor {
  private readonly keys: KeyBlockStage;
  private readonly rules: RuleStage;

  /** `onFound` hears the kind of each secret removed ("GitHub token", "password"…). */
  constructor(onFound?: FoundSecret) {
    this.keys = new KeyBlockStage(onFound);
    this.rules = new RuleStage(onFound);
  }

  /** Feeds a piece; returns the redacted text that is safe to release now. */
  push(chunk: string): string {
    return this.rules.push(this.keys.push(chunk));
  }

  /** The end of the stream: releases what is left (a partial last line). */
  end(): string {
    const rest = this.rules.push(this.keys.end());
    return rest + this.rules.end();
  }
}

/** A whole text with its secrets replaced by placeholders. */
export function redactSecrets(text: string): string {
  const redactor = new SecretRedactor();
  return redactor.push(text) + redactor.end();
}

export interface SecretFinding {
  kind: string;
  count: number;
}

/** What secrets a text seems to hold, by kind (for a warning before it is saved). */
export function findSecrets(text: string): SecretFinding[] {
  const counts = new Map<string, number>();
  const redactor = new SecretRedactor((kind) => counts.set(kind, (counts.get(kind) ?? 0) + 1));
  redactor.push(text);
  redactor.end();
  return [...counts].map(([kind, count]) => ({ kind, count }));
}
