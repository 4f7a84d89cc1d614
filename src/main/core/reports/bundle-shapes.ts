import { z } from 'zod';
import { CheckpointTimestamp, SignedCheckpoint, SignedKeyRotation } from '../../../shared/evidence-statements';
import { BUNDLE_FORMAT } from './timeline-bundle';

/**
 * The shapes a verifier accepts, strict: an unexpected field is as much a change as a wrong
 * value, so a bundle holds exactly what docs/evidence-format.md lists and nothing else.
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest');

/**
 * Base64 as the console writes it: decoders ignore the unused low bits of the last character,
 * so without this a changed character there would go unnoticed (the same key, signature or token).
 */
const canonicalBase64 = (text: string): boolean => Buffer.from(text, 'base64').toString('base64') === text;
const NOT_CANONICAL = 'not canonical base64';

const entryFields = {
  id: z.string(),
  incidentId: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  author: z.string(),
  recordedAt: z.string(),
  occurredAt: z.string().nullable(),
  refersTo: z.string().nullable(),
  text: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  bodyHash: Hex64,
  prevHash: Hex64,
  hash: Hex64,
};

/** Version 1 entries, from before devices. */
export const BundleEntryV1 = z.object(entryFields).strict();
export const BundleEntryV2 = z.object({ ...entryFields, device: z.string().optional() }).strict();

export const BundleHead = z.object({ format: z.literal(BUNDLE_FORMAT), version: z.number() });

export const BundleV1 = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  incident: z.object({ id: z.string() }).passthrough(),
  chain: z.object({ head: Hex64, entryCount: z.number().int().nonnegative() }).passthrough(),
  entries: z.array(z.unknown()),
});

export const BundleV2 = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(2),
    exportedAt: z.string(),
    incident: z
      .object({ id: z.string(), title: z.string(), detectedBy: z.string(), startedAt: z.string(), createdAt: z.string(), createdBy: z.string() })
      .strict(),
    devices: z.array(
      z
        .object({
          deviceId: z.string(),
          keys: z.array(
            z
              .object({
                publicKey: z
                  .string()
                  .regex(/^[A-Za-z0-9+/]{43}=$/, 'not a 32-byte key in base64')
                  .refine(canonicalBase64, NOT_CANONICAL),
                fingerprint: Hex64,
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    chains: z.array(z.object({ device: z.string().nullable(), entryCount: z.number().int().nonnegative(), head: Hex64 }).strict()),
    exportCheckpoint: z.union([
      z.object({ entryId: z.string(), fingerprint: z.string() }).strict(),
      z.object({ entryId: z.null(), because: z.string() }).strict(),
    ]),
    entries: z.array(z.unknown()),
  })
  .strict();
export type BundleV2 = z.infer<typeof BundleV2>;

export const CheckpointData = SignedCheckpoint.strict().refine((data) => data.signature === null || canonicalBase64(data.signature), {
  message: NOT_CANONICAL,
  path: ['signature'],
});
export const RotationData = SignedKeyRotation.strict().refine(
  (data) => (data.signature === null || canonicalBase64(data.signature)) && canonicalBase64(data.statement.newPublicKey),
  { message: NOT_CANONICAL, path: ['signature'] },
);
export const TimestampData = CheckpointTimestamp.strict().refine((data) => canonicalBase64(data.token), { message: NOT_CANONICAL, path: ['token'] });

/** `entries.3.data: Invalid input` from zod's first issue. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return `${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'malformed'}${keys}`;
}
