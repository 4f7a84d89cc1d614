import { z } from 'zod';
import { IncidentId, IsoTime } from './model';

/**
 * What travels between consoles of one incident (issue 17): entries in the evidence bundle's
 * entry shape (docs/evidence-format.md) plus the chain each belongs to, and the device keys their
 * signatures need. A responder bundle file carries them; the PostgreSQL sync carries the same rows.
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest');

/** One entry as its chain commits to it, and the chain (the writing device's id) it belongs to. */
export const ExchangeEntry = z
  .object({
    id: z.string().uuid(),
    incidentId: IncidentId,
    seq: z.number().int().positive(),
    kind: z.string().max(64),
    author: z.string().max(500),
    recordedAt: IsoTime,
    occurredAt: IsoTime.nullable(),
    refersTo: z.string().uuid().nullable(),
    /** Absent in entries written before devices existed (the start of a chain only). */
    device: z.string().min(1).max(100).optional(),
    text: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    bodyHash: Hex64,
    prevHash: Hex64,
    hash: Hex64,
    /** The device whose chain this is: the entry's device, or for an entry from before devices the device that continued its chain. */
    chain: z.string().min(1).max(100),
  })
  .strict();
export type ExchangeEntry = z.infer<typeof ExchangeEntry>;

/** A device's public key: raw 32 bytes base64, and sha256 of them (hex). */
export const ExchangeKey = z
  .object({
    deviceId: z.string().min(1).max(100),
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not a 32-byte key in base64'),
    fingerprint: Hex64,
  })
  .strict();
export type ExchangeKey = z.infer<typeof ExchangeKey>;

export const ChainSummary = z.object({ device: z.string(), length: z.number().int().nonnegative(), headHash: Hex64 }).strict();
export type ChainSummary = z.infer<typeof ChainSummary>;

export const RESPONDER_BUNDLE_FORMAT = 'incident-console.responder-bundle';

/** A responder bundle file (docs/evidence-format.md, "Responder bundles"). */
export const ResponderBundle = z
  .object({
    format: z.literal(RESPONDER_BUNDLE_FORMAT),
    version: z.literal(1),
    exportedAt: IsoTime,
    incident: z.object({ id: IncidentId, title: z.string() }).strict(),
    /** The console that wrote the file. */
    from: z.object({ device: z.string(), fingerprint: Hex64.nullable() }).strict(),
    chains: z.array(ChainSummary),
    deviceKeys: z.array(ExchangeKey),
    entries: z.array(ExchangeEntry),
  })
  .strict();
export type ResponderBundle = z.infer<typeof ResponderBundle>;

/** Why a device's chain was not taken: it contradicts what is held (equivocation), it starts past what is held (a gap), or it claims to be this console. */
export const RefusedChain = z.object({
  device: z.string(),
  reason: z.enum(['equivocation', 'gap', 'own_device']),
  seq: z.number().int().nonnegative(),
  message: z.string(),
});
export type RefusedChain = z.infer<typeof RefusedChain>;

export const ImportResult = z.object({
  incidentId: IncidentId,
  /** Entries new to this journal, now stored. */
  added: z.number().int().nonnegative(),
  /** Entries offered that it held already (the same hash). */
  alreadyHad: z.number().int().nonnegative(),
  refused: z.array(RefusedChain),
  /** The tampering alarm entries journaled for refused chains (ids). */
  alarms: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportBundleInput = z.object({ incidentId: IncidentId, scope: z.enum(['own', 'all']).default('own') }).strict();
export const ExportBundleResult = z.object({ path: z.string(), entryCount: z.number().int().nonnegative(), chains: z.array(ChainSummary) });

/** The largest responder bundle file main reads (a path); what the renderer sends as text must fit a browser-mode request. */
export const MAX_BUNDLE_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_BUNDLE_TEXT_CHARS = 3 * 1024 * 1024;
/** A bundle as the operator chose it: the text of a file picked in the page, or a path main reads. */
export const ImportBundleInput = z.union([
  z.object({ incidentId: IncidentId, text: z.string().min(1).max(MAX_BUNDLE_TEXT_CHARS) }).strict(),
  z.object({ incidentId: IncidentId, path: z.string().min(1).max(4096) }).strict(),
]);
