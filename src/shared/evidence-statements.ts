import { z } from 'zod';

/**
 * What a device signs: the statements of docs/evidence-format.md. They sit in the data of the
 * journal entries that carry them (a checkpoint, a key rotation), so the chain commits to them,
 * and each is signed as the UTF-8 bytes of its canonical JSON (RFC 8785).
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase sha256 hex digest');
/** A raw 32-byte Ed25519 public key, base64. */
export const PublicKeyBase64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte public key in base64');
/** An Ed25519 signature (64 bytes), base64. */
const SignatureBase64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a 64-byte signature in base64');

/** Why a checkpoint was made (docs/evidence-format.md lists what each one commits to). */
export const CheckpointReason = z.enum([
  'export',
  'update_posted',
  'customer_update_drafted',
  'customer_update_sent',
  'status_changed',
  'closed',
  'interval',
  'key_rotated',
]);
export type CheckpointReason = z.infer<typeof CheckpointReason>;

export const CHECKPOINT_STATEMENT_TYPE = 'incident-console/checkpoint';
export const KEY_ROTATION_STATEMENT_TYPE = 'incident-console/key-rotation';

/** Where a chain stood: its length and the hash of its last entry, before the entry that says so. */
const ChainHead = { chainLength: z.number().int().nonnegative(), headHash: Hex64 };

export const CheckpointStatement = z
  .object({
    type: z.literal(CHECKPOINT_STATEMENT_TYPE),
    v: z.literal(1),
    incident: z.string(),
    device: z.string(),
    /** sha256 of the raw public key that signs it; null when unsigned (no keychain in that run). */
    keyFingerprint: Hex64.nullable(),
    ...ChainHead,
    /** The device's clock: its claim, not a proof. */
    at: z.string(),
    reason: CheckpointReason,
    /** Heads of other devices' chains of this incident seen by this one (issue 17; empty until then). */
    others: z.array(z.object({ device: z.string(), ...ChainHead }).strict()),
  })
  .strict();
export type CheckpointStatement = z.infer<typeof CheckpointStatement>;

export const KeyRotationStatement = z
  .object({
    type: z.literal(KEY_ROTATION_STATEMENT_TYPE),
    v: z.literal(1),
    incident: z.string(),
    device: z.string(),
    oldKeyFingerprint: Hex64,
    newKeyFingerprint: Hex64,
    newPublicKey: PublicKeyBase64,
    ...ChainHead,
    at: z.string(),
    /** operator: asked for; key_lost: the old private key was no longer in the keychain, so the old key cannot sign. */
    cause: z.enum(['operator', 'key_lost']),
  })
  .strict();
export type KeyRotationStatement = z.infer<typeof KeyRotationStatement>;

/** A statement and its signature; null when it could not be signed, with the reason. */
export const SignedCheckpoint = z.object({
  statement: CheckpointStatement,
  signature: SignatureBase64.nullable(),
  unsignedBecause: z.string().optional(),
});

export const SignedKeyRotation = z.object({
  statement: KeyRotationStatement,
  /** By the OLD key; null when the old private key was lost. */
  signature: SignatureBase64.nullable(),
});

/** An RFC 3161 token for a checkpoint's statement (the entry refers to the checkpoint). */
export const CheckpointTimestamp = z.object({
  /** sha256 of the checkpoint statement's canonical JSON: the token's message imprint. */
  statementHash: Hex64,
  tsa: z.string(),
  /** The TimeStampToken (a CMS ContentInfo), DER, base64. */
  token: z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'base64'),
  /** The token's genTime, as ISO; the verifiers read it from the token itself. */
  genTime: z.string(),
});

/** `IC-` and the first 8 hex of sha256(canonical statement): what an update quotes, so its readers are witnesses. */
export const WitnessFingerprint = z.string().regex(/^IC-[0-9a-f]{8}$/);

/** `7f3a 9c21 b04e 11d2`: a key fingerprint as the Overview and every export show it, and a reader compares. */
export function shortFingerprint(fingerprint: string): string {
  return (fingerprint.slice(0, 16).match(/.{4}/g) ?? []).join(' ');
}
