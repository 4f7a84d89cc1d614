import type { z } from 'zod';
import type { BundleEntryV2 } from './bundle-shapes';

/**
 * A bundle entry's fields, as bundle-shapes.ts lists them (a test holds the two lists equal).
 * Without zod: a big bundle's worker threads check each entry with quickEntry, and importing zod
 * took them 0.2 s to start under tsx, which `npm run verify` runs under.
 */
export const ENTRY_FIELDS = [
  'id',
  'incidentId',
  'seq',
  'kind',
  'author',
  'recordedAt',
  'occurredAt',
  'refersTo',
  'text',
  'data',
  'bodyHash',
  'prevHash',
  'hash',
] as const;

const HEX_DIGEST = /^[0-9a-f]{64}$/;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const isRecord = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The entry as it is when every field has the type its shape asks (BundleEntryV1 or, `withDevice`,
 * V2), else undefined: a check by hand that accepts only what the schema accepts, without the
 * schema's cost per entry (two fifths of a bundle's verification). The digests' form is left to
 * the chain walk, which compares each with one it computed; where the walk fails, the schema is
 * asked again (BundleCheck.walk), so a malformed entry is named as the schema names it. An entry
 * without its body (redacted) has its bodyHash's form checked here: no hash the walk computes
 * covers it, and a chain rehashed by hand could otherwise carry any text there.
 */
export function quickEntry(candidate: unknown, withDevice: boolean): z.infer<typeof BundleEntryV2> | undefined {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return undefined;
  const entry = candidate as Record<string, unknown>;
  // A device key, even one left undefined (an entry built in memory, not read from JSON), is one more key.
  const hasDevice = Object.hasOwn(entry, 'device');
  if (hasDevice && !(withDevice && (entry.device === undefined || isString(entry.device)))) return undefined;
  const keys = ENTRY_FIELDS.length + (hasDevice ? 1 : 0);
  const fits =
    isString(entry.id) &&
    isString(entry.incidentId) &&
    Number.isSafeInteger(entry.seq) &&
    isString(entry.kind) &&
    isString(entry.author) &&
    isString(entry.recordedAt) &&
    isStringOrNull(entry.occurredAt) &&
    isStringOrNull(entry.refersTo) &&
    isString(entry.bodyHash) &&
    ((isString(entry.text) && isRecord(entry.data)) || (entry.text === null && entry.data === null && HEX_DIGEST.test(entry.bodyHash))) &&
    isString(entry.prevHash) &&
    isString(entry.hash) &&
    // Strict, as the schemas: every field above present, so the count says there is nothing else.
    Object.keys(entry).length === keys;
  return fits ? (entry as unknown as z.infer<typeof BundleEntryV2>) : undefined;
}
