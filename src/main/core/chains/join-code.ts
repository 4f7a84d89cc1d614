import { JoinPayload } from '../../../shared/chain-exchange-schemas';
import { ConsoleError } from '../../../shared/errors';
import { keyFingerprint } from '../evidence/device-key';
import { sha256 } from '../journal/chain';

/** `ICJ1-` + base64url(JSON payload) + `-` + the first 8 hex of sha256(payload): one line, checked before it is read. */
const PREFIX = 'ICJ1-';
const CODE = /^ICJ1-([A-Za-z0-9_-]+)-([0-9a-f]{8})$/;

const garbled = (why: string) =>
  new ConsoleError(
    'BUNDLE_INVALID',
    `This is not a join code the console can use: ${why}. Ask the commander to share the incident again, and paste the whole code.`,
  );

export function joinCode(payload: JoinPayload): string {
  const json = JSON.stringify(payload);
  return `${PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}-${sha256(json).slice(0, 8)}`;
}

/**
 * Reads a pasted join code (or a join file's text, which holds one): its checksum first, so a
 * code cut short or mistyped is named as such, then its payload by schema, then that the key's
 * fingerprint is sha256 of the key it names.
 */
export function parseJoinCode(text: string): JoinPayload {
  const line = text
    .split(/\s+/)
    .map((word) => word.trim())
    .find((word) => word.startsWith(PREFIX));
  if (!line) throw garbled('it does not start with ICJ1-');
  const match = CODE.exec(line);
  if (!match) throw garbled('it is cut short or has characters a code never has');
  const json = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (sha256(json).slice(0, 8) !== match[2]) throw garbled('its checksum does not match (a character was changed or lost)');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw garbled('what it holds is not readable');
  }
  const parsed = JoinPayload.safeParse(raw);
  if (!parsed.success) throw garbled(`it is not of a version this console reads (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
  if (keyFingerprint(parsed.data.commander.publicKey) !== parsed.data.commander.fingerprint)
    throw garbled("the commander's key does not match its fingerprint");
  return parsed.data;
}
