import { z } from 'zod';
import { WitnessFingerprint } from './evidence-statements';
import { EntryId, IncidentId, IsoTime } from './model';

/** A device key as the Overview lists it (never a private key: those stay in the keychain). */
export const DeviceKeyView = z.object({
  fingerprint: z.string(),
  /** `7f3a 9c21 b04e 11d2` */
  short: z.string(),
  createdAt: z.string(),
  cause: z.enum(['first', 'operator', 'key_lost']),
});

/** Whether this console signs its checkpoints, with which key, and its trusted time. */
export const EvidenceStatus = z.object({
  deviceId: z.string(),
  /** loading: the keychain has not answered yet. */
  signing: z.enum(['loading', 'signed', 'unsigned']),
  /** The current key (null when none could be made or read). */
  key: DeviceKeyView.nullable(),
  /** Why this run does not sign, or what happened to the key (made anew), in plain words. */
  message: z.string().nullable(),
  keys: z.array(DeviceKeyView),
  trustedTime: z.object({
    /** The RFC 3161 authority checkpoints are sent to; null when none is configured. */
    url: z.string().nullable(),
    lastToken: z.object({ at: IsoTime, genTime: z.string(), checkpoint: WitnessFingerprint }).nullable(),
    lastFailure: z.object({ at: IsoTime, message: z.string() }).nullable(),
  }),
});
export type EvidenceStatus = z.infer<typeof EvidenceStatus>;

/** A checkpoint as an update quotes it. */
export const WitnessAnswer = z.object({
  fingerprint: WitnessFingerprint,
  entryId: EntryId,
  seq: z.number().int().positive(),
  signed: z.boolean(),
  at: IsoTime,
});
export type WitnessAnswer = z.infer<typeof WitnessAnswer>;

export const WitnessInput = z.object({ incidentId: IncidentId }).strict();

export const TimestampAuthorityInput = z
  .object({
    /** http(s) URL of an RFC 3161 authority; null turns trusted time off. */
    url: z
      .url({ protocol: /^https?$/, error: 'Give the authority as an http:// or https:// URL' })
      .max(2000)
      .nullable(),
  })
  .strict();
