/**
 * Removes secrets from command output before it is stored, journaled or shown. It works on a
 * stream: text is processed line by line, an unfinished line waits for the next chunk, and a
 * private key block is dropped from its BEGIN line to its END line, so a secret split across
 * two chunks is still caught.
 */

export const REDACTED = '[REDACTED]';

interface Rule {
  pattern: RegExp;
  replace: string | ((...groups: string[]) => string);
}

const RULES: Rule[] = [
  // A whole private key on one line (JSON with \n escapes, a service-account file).
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, replace: '[REDACTED PRIVATE KEY]' },
  // scheme://user:password@host
  // Anchored on "://" rather than on the scheme, so ordinary words cost nothing.
  { pattern: /(:\/\/[^\s:/@'"]*:)[^\s@/'"]+@/g, replace: `$1${REDACTED}@` },
  { pattern: /\b(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, replace: `$1${REDACTED}` },
  { pattern: /\b(Authorization:\s*(?:Basic|Token|Digest)\s+)\S+/gi, replace: `$1${REDACTED}` },
  // JWTs (header.payload.signature, header and payload base64url JSON).
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: '[REDACTED JWT]' },
  // AWS access key ids, Google API keys and OAuth tokens, GitHub and Slack tokens.
  { pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g, replace: '[REDACTED AWS KEY]' },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: '[REDACTED GCP KEY]' },
  { pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g, replace: '[REDACTED GCP TOKEN]' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: '[REDACTED GITHUB TOKEN]' },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: '[REDACTED SLACK TOKEN]' },
  // name=value / "name": "value" where the name says it is secret (PGPASSWORD=, password=, api_key: …).
  // The regex starts at the keyword (not at every word), which keeps 200 MB of logs fast.
  {
    pattern:
      /(password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)([A-Za-z0-9_.-]*["']?\s*[=:]\s*["']?)([^\s"'&,;]+)/gi,
    replace: `$1$2${REDACTED}`,
  },
];

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** Scrubs one complete piece of text (no key block state across calls). */
export function scrubText(text: string): string {
  let result = text;
  for (const rule of RULES) result = result.replace(rule.pattern, rule.replace as string);
  return result;
}

/** Lines longer than this are cut at a space (secrets do not span spaces) so memory stays bounded. */
const MAX_PENDING = 64 * 1024;

export class StreamingScrubber {
  private pending = '';
  private inKeyBlock = false;

  /** Feeds a chunk; returns the scrubbed text that is safe to release now. */
  push(chunk: string): string {
    this.pending += chunk;
    const lastNewline = this.pending.lastIndexOf('\n');
    let ready: string;
    if (lastNewline >= 0) {
      ready = this.pending.slice(0, lastNewline + 1);
      this.pending = this.pending.slice(lastNewline + 1);
    } else {
      ready = '';
    }
    if (this.pending.length > MAX_PENDING) {
      const cut = this.pending.lastIndexOf(' ', this.pending.length - 1024);
      const at = cut > 0 ? cut + 1 : this.pending.length - 1024;
      ready += this.pending.slice(0, at);
      this.pending = this.pending.slice(at);
    }
    return ready === '' ? '' : this.scrubLines(ready);
  }

  /** The end of the stream: releases what is left. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    const out = rest === '' ? '' : this.scrubLines(rest);
    if (this.inKeyBlock) {
      this.inKeyBlock = false;
    }
    return out;
  }

  private scrubLines(text: string): string {
    // Fast path: no key block open and none starting here.
    if (!this.inKeyBlock && !text.includes('PRIVATE KEY-----')) return scrubText(text);
    const lines = text.split(/(?<=\n)/);
    let out = '';
    for (const line of lines) {
      if (this.inKeyBlock) {
        if (KEY_END.test(line)) {
          this.inKeyBlock = false;
          const rest = line.slice(line.search(KEY_END)).replace(KEY_END, '');
          if (rest.trim() !== '') out += scrubText(rest);
        }
        continue;
      }
      const begin = line.search(KEY_BEGIN);
      if (begin >= 0) {
        const afterBegin = line.slice(begin);
        if (KEY_END.test(afterBegin)) {
          out += scrubText(line);
        } else {
          this.inKeyBlock = true;
          out += scrubText(line.slice(0, begin)) + '[REDACTED PRIVATE KEY]\n';
        }
        continue;
      }
      out += scrubText(line);
    }
    return out;
  }
}
