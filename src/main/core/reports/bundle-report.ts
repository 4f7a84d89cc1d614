/**
 * What verifying a bundle found, in one shape for every verifier: `npm run verify` (the
 * journal's own chain code) and the standalone verify-bundle.mjs / verify.html (an independent
 * implementation) answer the same report for the same bundle, which tests hold them to. The
 * sentences a person reads are made from it in one place (resources/verifier/verify-core.mjs).
 */
export interface BundleReport {
  /** verified: everything checks and a signature covers it; limited: it checks, but some of it nothing signs; failed: see `failure`. */
  verdict: 'verified' | 'limited' | 'failed';
  /** The bundle format's version (1: before device keys), null when it is not a bundle. */
  version: number | null;
  incident: { id: string; title: string } | null;
  entryCount: number;
  /** The first thing that does not verify; everything is checked in the order docs/evidence-format.md gives. */
  failure: ReportFailure | null;
  /** How far the chain verified: entries 1…`verified` link, hash and match their bodies. */
  chain: { device: string | null; verified: number; legacyEntries: number; head: string };
  checkpoints: ReportCheckpoint[];
  keyChanges: Array<{ seq: number; from: string; to: string; signed: boolean }>;
  timestamps: Array<{ seq: number; checkpointSeq: number; fingerprint: string; genTime: string; tsa: string }>;
  /** v2: the export's own checkpoint, or why there is none (the bundle's claim); null for version 1. */
  exportCheckpoint: { seq: number; fingerprint: string; at: string } | { because: string } | null;
  witnesses: Array<{ fingerprint: string; seq: number | null }>;
  expectedKeys: Array<{ key: string; found: boolean }>;
}

export interface ReportFailure {
  /** What kind of check failed: `entry.link`, `checkpoint.signature`, `witness`… (docs/evidence-format.md lists them). */
  check: string;
  reason: string;
  /** 1-based position of the entry in the bundle, when an entry is at fault. */
  position: number | null;
  seq: number | null;
  entryId: string | null;
}

export interface ReportCheckpoint {
  seq: number;
  fingerprint: string;
  /** The key that signed it (sha256 hex), null when unsigned. */
  key: string | null;
  at: string;
  reason: string;
  /** Why it is unsigned, as the device said (its claim). */
  unsignedBecause: string | null;
}

/** What the verifier is told by the person running it. */
export interface VerifyOptions {
  /** Fingerprints witnesses saw (`IC-7f3a9c21`), each to be found as a checkpoint of the history. */
  witnesses?: readonly string[];
  /** Device key fingerprints the person trusts (full, or the short `7f3a 9c21 b04e 11d2`); each must have signed here. */
  expectedKeys?: readonly string[];
}
