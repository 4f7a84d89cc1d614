// What a secret looks like: the one list of patterns both the output scrubber (main) and the
// pasted-note warning (renderer) use, and the scan that finds them.
//
// Three invariants make streaming exact (see secret-redactor.ts), and a test checks each:
// - no pattern matches a newline (horizontal space is `[ \t]`; `\s` only inside a negated class);
// - every quantifier is bounded, so a match is never longer than MAX_SECRET_MATCH;
// - a lookbehind looks back LOOKBEHIND_MAX characters at most.

export const REDACTED = '[REDACTED]';
export const REDACTED_PRIVATE_KEY = '[REDACTED PRIVATE KEY]';

/** The most text one pattern can read from where its match starts (label, value, lookaheads). */
export const MAX_SECRET_MATCH = 17 * 1024;
/** How far back any lookbehind reaches. */
export const LOOKBEHIND_MAX = 160;

export interface SecretRule {
  /** What it is, for people: "GitHub token". */
  kind: string;
  /** Flags `d` and `g` always; groups named s1, s2… are what is redacted (else the whole match). */
  pattern: RegExp;
  /** Put in place of the secret: "[REDACTED GITHUB TOKEN]". */
  placeholder: string;
  /** A second look at a candidate value (entropy, not a plain word); rejected candidates stay. */
  accept?: (value: string) => boolean;
  /** For a token rule: the prefix every match starts with (after `\b`). */
  prefix?: string;
}

// Building blocks, kept as source text so each rule reads as one line.
const QUOTED_DOUBLE = String.raw`"(?<s1>(?:[^"\\\n]|\\[^\n]){1,1024})"`;
const QUOTED_SINGLE = String.raw`'(?<s2>[^'\n]{1,1024})'`;
/** An unquoted password runs to the next space, quote or field separator. */
const BARE_PASSWORD = String.raw`(?!\[REDACTED)(?<s3>[^\s"'&,;]{1,1024})`;
/** An unquoted token is made of the characters tokens use (base64, base64url, hex, dots). */
const BARE_TOKEN = String.raw`(?<s3>[A-Za-z0-9+/=_\-.~]{1,8192})`;
const PASSWORD_VALUE = `(?:${QUOTED_DOUBLE}|${QUOTED_SINGLE}|${BARE_PASSWORD})`;
const TOKEN_VALUE = `(?:"(?<s1>[A-Za-z0-9+/=_\\-.~]{1,8192})"|'(?<s2>[A-Za-z0-9+/=_\\-.~]{1,8192})'|${BARE_TOKEN})`;
/** `=`, `:`, `=>` with spaces around, after an optional closing quote of a JSON or YAML key. */
const ASSIGN = String.raw`["']?[ \t]{0,16}(?:=>|:=|[=:])[ \t]{0,16}`;
// Each alternative starts with a letter, not an assertion, so the engine can skip ahead fast.
// "pwd" only as a suffix (MYSQL_PWD, db_pwd): a bare PWD= in `env` is the working directory;
// "pass" alone not inside a word (bypass, compass).
const PASSWORD_WORDS = String.raw`(?:passw(?:or)?d|passphrase|pass(?<![A-Za-z]pass)|pwd(?<=[_.-]pwd)|requirepass|masterauth|rediscli_auth)`;
// A label may end in a word saying how the secret is written (Rails' secret_key_base, token_value).
const STRONG_SECRET_WORDS = String.raw`(?:secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|account[_-]?key|credentials?|signature|sig(?<![A-Za-z]sig))(?:[_.-](?:base|value|string|b64|base64|hex))?`;
const MYSQL_TOOLS = String.raw`(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlbinlog|mysqlsh|mariadb|mariadb-dump|mariadb-admin)`;

function rule(kind: string, source: string, flags: string, placeholder = REDACTED, accept?: (value: string) => boolean): SecretRule {
  return { kind, pattern: new RegExp(source, `dg${flags}`), placeholder, accept };
}

/**
 * A token known by its prefix (a regex source) and the body after it. `\b` in front, not a
 * lookbehind, keeps the engine's fast literal scan; all the prefixes together make one gate, so
 * text holding none of them is read once for all these rules, not once per rule.
 */
function tokenRule(kind: string, prefix: string, body: string): SecretRule {
  return { ...rule(kind, String.raw`\b(?:${prefix})${body}`, '', `[REDACTED ${kind.toUpperCase()}]`), prefix };
}

/** Bits per character: random keys score 4.5–6, words and paths 2.5–3.5. */
export function entropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

const PLAIN_WORDS = /^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/;
/** /etc/ssl/private/server.key, ~/.aws/credentials, ./config/master.key */
const FILE_PATH = /^(?:~|\.{1,2})?(?:\/[A-Za-z0-9_.-]{1,64}){1,32}\/?$/;
const NOT_A_VALUE = /^(?:true|false|null|nil|none|undefined|yes|no|on|off|required|optional|redacted|filtered|hidden|masked|bearer|basic)$/i;

/** After "secret", "token", "api_key"…: anything that is not a plain word, a flag or a date. */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 8 || NOT_A_VALUE.test(value) || FILE_PATH.test(value)) return false;
  if (PLAIN_WORDS.test(value) && value.length < 32) return false;
  if (/^[\d.:-]+$/.test(value) && value.length < 16) return false;
  return entropyBits(value) >= 2.8;
}

/** After a bare "key" (cache key, S3 object key, AccountKey): only what reads as random bytes. */
export function looksLikeRandomKey(value: string): boolean {
  if (value.length < 16 || FILE_PATH.test(value)) return false;
  const mixed = /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
  return (mixed || /^[0-9a-f]{32,}$/i.test(value)) && entropyBits(value) >= 3.2;
}

/** A 40-character base64 word with no label (an AWS secret access key): mixed case, digits, random. */
export function looksLikeUnlabelledAwsSecret(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && entropyBits(value) >= 4.2;
}

/** A token after "Bearer": not a word of prose ("Bearer authentication"). */
function looksLikeBearerToken(value: string): boolean {
  return !/^[A-Za-z]+$/.test(value) || value.length >= 24;
}

/**
 * Private key blocks are handled apart from the rules: everything from the BEGIN line to the END
 * line goes (also on one line, as in a service-account JSON with `\n` escapes).
 */
export const KEY_BLOCK_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY(?: BLOCK)?-----/;
export const KEY_BLOCK_END = /-----END (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY(?: BLOCK)?-----/;
/** Longer than any BEGIN or END marker. */
export const KEY_MARKER_MAX = 128;

export const SECRET_RULES: readonly SecretRule[] = [
  // scheme://user:password@host, the password may hold "/" and "@" (the last "@" before the host
  // wins); "host:8080/path@x" is a port, not a password.
  rule('password in a URL', String.raw`://[^\s:/@'"<>]{0,256}:(?!\d{1,5}(?:[/?#\s'"<>]|$))(?<s1>[^\s'"<>]{1,512})@(?=[^\s@/'"<>]{1,256}(?:[/?#\s'"<>]|$))`, ''),
  // Authorization: Bearer/Basic/Token/Digest … to the end of the header (or its closing quote).
  rule(
    'Authorization header',
    String.raw`\b(?:proxy-)?authorization["']?[ \t]{0,8}[:=][ \t]{0,8}["']?(?:bearer|basic|token|digest|negotiate|ntlm|aws4-hmac-sha256)[ \t]{1,8}(?<s1>[^\r\n"']{1,8192})`,
    'i',
  ),
  rule('bearer token', String.raw`\bbearer[ \t]{1,8}(?!\[REDACTED)(?<s1>[A-Za-z0-9\-._~+/]{6,8192}={0,2})`, 'i', REDACTED, looksLikeBearerToken),
  rule('JWT', String.raw`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,1024}\.eyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,1024}`, '', '[REDACTED JWT]'),
  tokenRule('AWS access key', 'AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA', String.raw`[A-Z0-9]{16}(?![A-Za-z0-9])`),
  // The character before is matched, not looked behind at: several times faster on log text.
  rule(
    'AWS secret key',
    String.raw`(?:^|[^A-Za-z0-9/+=\n])(?<s1>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    'm',
    '[REDACTED AWS SECRET]',
    looksLikeUnlabelledAwsSecret,
  ),
  tokenRule('GCP API key', 'AIza', String.raw`[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])`),
  tokenRule('GCP OAuth token', String.raw`ya29\.`, '[0-9A-Za-z_-]{20,4096}'),
  tokenRule('GCP client secret', 'GOCSPX-', '[A-Za-z0-9_-]{20,64}'),
  tokenRule('GitHub token', 'gh[pousr]_', '[A-Za-z0-9]{30,255}'),
  tokenRule('GitHub token', 'github_pat_', '[A-Za-z0-9_]{40,255}'),
  tokenRule('GitLab token', '(?:glpat|gldt|glrt|glptt|glsoat|glcbt|glimt|glagent|gloas|glffct)-', '[A-Za-z0-9_-]{20,255}'),
  tokenRule('Slack token', '(?:xox[abposre]|xapp)-', '[A-Za-z0-9-]{10,255}'),
  rule('Slack webhook', String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/(?<s1>[A-Za-z0-9/_-]{20,256})`, '', '[REDACTED SLACK WEBHOOK]'),
  rule('Discord webhook', String.raw`discord(?:app)?\.com/api/webhooks/(?<s1>[0-9]{5,32}/[A-Za-z0-9_-]{20,256})`, '', '[REDACTED DISCORD WEBHOOK]'),
  tokenRule('Stripe key', '(?:sk|rk)_(?:live|test)_', '[A-Za-z0-9]{10,255}'),
  tokenRule('Stripe key', 'whsec_', '[A-Za-z0-9]{20,255}'),
  // OpenAI (sk-…, sk-proj-…, sk-svcacct-…) and Anthropic (sk-ant-…) share the prefix.
  tokenRule('API key', 'sk-', '[A-Za-z0-9_-]{32,512}'),
  tokenRule('npm token', 'npm_', '[A-Za-z0-9]{36,255}'),
  tokenRule('SendGrid key', String.raw`SG\.`, String.raw`[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,128}`),
  tokenRule('Vault token', String.raw`hv[sbr]\.`, '[A-Za-z0-9_-]{24,255}'),
  tokenRule('DigitalOcean token', 'do[opr]_v1_', '[a-f0-9]{64}'),
  tokenRule('Shopify token', 'shp(?:at|ca|pa|ss)_', '[a-fA-F0-9]{32}'),
  tokenRule('PyPI token', 'pypi-AgE', '[A-Za-z0-9_-]{50,255}'),
  tokenRule('Docker Hub token', 'dckr_pat_', '[A-Za-z0-9_-]{20,255}'),
  tokenRule('Hugging Face token', 'hf_', '[A-Za-z0-9]{30,64}'),
  tokenRule('Grafana token', 'glsa_', '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  tokenRule('Grafana token', 'glc_', '[A-Za-z0-9+/]{32,255}={0,2}'),
  tokenRule('age secret key', 'AGE-SECRET-KEY-1', '[0-9A-Z]{58}'),
  // mysql -pS3cret / -p'with space' (a lone -p prompts; -P is the port).
  rule('mysql password', String.raw`\b${MYSQL_TOOLS}(?:\.exe)?(?:[ \t][^\n]{0,512}?)?[ \t]-p(?:${QUOTED_DOUBLE}|${QUOTED_SINGLE}|(?<s3>[^\s"']{1,256}))`, ''),
  rule('redis-cli password', String.raw`\bredis-cli(?:[ \t][^\n]{0,512}?)?[ \t](?:-a|--pass)[ \t]{1,8}${PASSWORD_VALUE}`, ''),
  rule('sshpass password', String.raw`\bsshpass[ \t]{1,8}-p[ \t]{0,8}${PASSWORD_VALUE}`, ''),
  rule('redis password', String.raw`\b(?:requirepass|masterauth)[ \t]{1,8}${PASSWORD_VALUE}`, 'i'),
  rule('curl credentials', String.raw`\bcurl(?:[ \t][^\n]{0,512}?)?[ \t](?:-u|--user)[ \t]{0,8}["']?[^\s:"']{1,128}:(?<s3>[^\s"']{1,512})`, ''),
  // A config line "password = correct horse battery staple": the value runs to the end of the line.
  rule(
    'password',
    String.raw`${PASSWORD_WORDS}(?<=^[ \t]{0,32}(?:export[ \t]{1,8})?[A-Za-z0-9_.-]{0,64}[A-Za-z]{3,13})[ \t]{0,16}[=:][ \t]{0,16}(?!["'\[])(?<s1>[^\n\r]{0,1023}[^\s])`,
    'im',
  ),
  // password=x, "password": "with spaces", PGPASSWORD='…', :password => "…"
  rule('password', `${PASSWORD_WORDS}${ASSIGN}${PASSWORD_VALUE}`, 'i'),
  rule('password', String.raw`<(?<tag>${PASSWORD_WORDS}|${STRONG_SECRET_WORDS})>(?<s1>[^<\n]{1,1024})</`, 'i'),
  // --password x, --token x (a command line with a space instead of "=").
  rule('password', String.raw`(?<![A-Za-z0-9])--(?:[A-Za-z0-9]{1,32}-){0,4}(?:password|passwd|passphrase|pass)[ \t]{1,8}(?!-)${PASSWORD_VALUE}`, 'i'),
  rule(
    'secret value',
    String.raw`(?<![A-Za-z0-9])--(?:[A-Za-z0-9]{1,32}-){0,4}(?:token|secret|api-key|apikey|access-key|secret-key)[ \t]{1,8}(?!-)${TOKEN_VALUE}`,
    'i',
    REDACTED,
    looksLikeSecretValue,
  ),
  // secret=…, api_key: …, "client_secret": "…", X-Auth-Token: …: only values that look random.
  rule('secret value', `${STRONG_SECRET_WORDS}${ASSIGN}${TOKEN_VALUE}`, 'i', REDACTED, looksLikeSecretValue),
  rule('key value', `key${ASSIGN}${TOKEN_VALUE}`, 'i', REDACTED, looksLikeRandomKey),
  rule('session cookie', String.raw`\b(?:set-)?cookie:[ \t]{0,8}[^=;\s]{1,256}=(?<s1>[^;\s"']{8,4096})`, 'i'),
];

/** Every token rule's prefix: where this finds none, no token rule can match. */
const TOKEN_PREFIXES = new RegExp(
  String.raw`\b(?:${SECRET_RULES.flatMap((secretRule) => (secretRule.prefix === undefined ? [] : [`(?:${secretRule.prefix})`])).join('|')})`,
  'g',
);

export interface SecretRedaction {
  start: number;
  end: number;
  placeholder: string;
  kind: string;
}

export interface SecretScan {
  /** Where each candidate matched, accepted or not: a stream may be cut only outside these. */
  regions: Array<[number, number]>;
  redactions: SecretRedaction[];
}

/**
 * Every rule over `text` from `from` on (text before it is context for lookbehinds). A candidate a
 * rule's second look rejects is skipped by one character, so it cannot hide a real secret behind it.
 */
export function scanSecrets(text: string, from = 0): SecretScan {
  const scan: SecretScan = { regions: [], redactions: [] };
  TOKEN_PREFIXES.lastIndex = from;
  const anyToken = TOKEN_PREFIXES.test(text);
  for (const secretRule of SECRET_RULES) {
    if (secretRule.prefix !== undefined && !anyToken) continue;
    const pattern = secretRule.pattern;
    pattern.lastIndex = from;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      scan.regions.push([start, end]);
      const spans = secretSpans(match);
      const accepted = !secretRule.accept || spans.every(([spanStart, spanEnd]) => secretRule.accept!(text.slice(spanStart, spanEnd)));
      if (accepted) {
        for (const [spanStart, spanEnd] of spans) {
          scan.redactions.push({ start: spanStart, end: spanEnd, placeholder: secretRule.placeholder, kind: secretRule.kind });
        }
      }
      pattern.lastIndex = accepted && end > start ? end : start + 1;
    }
  }
  return scan;
}

function secretSpans(match: RegExpExecArray): Array<[number, number]> {
  const groups = match.indices?.groups ?? {};
  const spans = Object.entries(groups)
    .filter(([name, span]) => /^s\d$/.test(name) && span !== undefined)
    .map(([, span]) => span as [number, number]);
  return spans.length > 0 ? spans : [[match.index, match.index + match[0].length]];
}

/**
 * `text[from, to)` with each redaction inside it replaced by its placeholder; overlapping
 * redactions (two rules on one secret) become one placeholder, the first one's.
 */
export function applyRedactions(text: string, from: number, to: number, redactions: readonly SecretRedaction[]): { text: string; placed: SecretRedaction[] } {
  const inside = redactions.filter((redaction) => redaction.start >= from && redaction.start < to).sort((a, b) => a.start - b.start || b.end - a.end);
  const placed: SecretRedaction[] = [];
  let out = '';
  let at = from;
  for (const redaction of inside) {
    if (redaction.end <= at) continue;
    if (redaction.start >= at) {
      out += text.slice(at, redaction.start) + redaction.placeholder;
      placed.push(redaction);
    }
    at = Math.min(to, redaction.end);
  }
  return { text: out + text.slice(at, to), placed };
}
