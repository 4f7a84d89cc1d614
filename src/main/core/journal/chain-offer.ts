import type { ExchangeEntry, ExchangeKey } from '../../../shared/chain-exchange-schemas';
import { ConsoleError } from '../../../shared/errors';
import { SignedCheckpoint, SignedKeyRotation } from '../../../shared/evidence-statements';
import { entryDataSchemas, type EntryKind } from '../../../shared/model';
import { keyFingerprint, verifySignature } from '../evidence/device-key';
import { statementBytes } from '../evidence/statements';
import { GENESIS_HASH } from './chain';
import { chainedEntryOf, ChainWalk } from './chain-link';

/** An offered chain that verified on its own: its device, its entries in seq order, and the keys its signatures used. */
export interface OfferedChain {
  device: string;
  entries: ExchangeEntry[];
  newKeys: ExchangeKey[];
}

/** What the receiving side already holds, for the checks that reach past the offer (none for a file checked alone). */
export interface HeldState {
  /** A key held for its fingerprint. */
  keyOf(fingerprint: string): { deviceId: string; publicKey: string } | undefined;
  /** Whether a redaction naming this entry is held in that device's chain. */
  redactionHeld(device: string, entryId: string): boolean;
}

export const NOTHING_HELD: HeldState = { keyOf: () => undefined, redactionHeld: () => false };

const refused = (message: string) => new ConsoleError('CHAINS_REFUSED', `${message} Nothing was imported.`);

/**
 * Every offered chain on its own (docs/evidence-format.md, "Responder bundles"): the keys'
 * fingerprints; per chain contiguous seqs, every link (the journal's ChainWalk from the first
 * offered entry's prevHash), device, kind and data, missing bodies named by a redaction of the
 * chain, and every checkpoint's and key change's statement and signature. Throws CHAINS_REFUSED
 * naming the first thing that fails.
 */
export function checkOfferedChains(
  incidentId: string,
  offered: readonly ExchangeEntry[],
  offeredKeys: readonly ExchangeKey[],
  held: HeldState,
): OfferedChain[] {
  const keys = new Map<string, ExchangeKey>();
  for (const key of offeredKeys) {
    if (keyFingerprint(key.publicKey) !== key.fingerprint) throw refused(`The key offered for device ${key.deviceId} does not match its fingerprint.`);
    keys.set(key.fingerprint, key);
  }
  const byChain = new Map<string, ExchangeEntry[]>();
  for (const entry of offered) {
    if (entry.incidentId !== incidentId) throw refused(`Entry ${entry.id} belongs to another incident (${entry.incidentId}).`);
    const list = byChain.get(entry.chain) ?? [];
    list.push(entry);
    byChain.set(entry.chain, list);
  }
  const checked: OfferedChain[] = [];
  for (const [device, unsorted] of byChain) {
    const entries = dedupe(
      unsorted.sort((a, b) => a.seq - b.seq),
      device,
    );
    const first = entries[0]!;
    const walk = new ChainWalk(incidentId, { seq: first.seq - 1, hash: first.prevHash });
    if (first.seq === 1 && first.prevHash !== GENESIS_HASH) throw refused(`Device ${device}'s chain does not start from genesis.`);
    const evidence = new ChainEvidence(incidentId, device, keys, held.keyOf);
    let sawDevice = false;
    for (const entry of entries) {
      const where = `Device ${device}'s entry #${entry.seq} (${entry.id})`;
      if (entry.device === undefined) {
        if (sawDevice) throw refused(`${where} names no device after entries that do.`);
      } else if (entry.device !== device) {
        throw refused(`${where} was written by device ${entry.device}, not by the device of its chain.`);
      } else sawDevice = true;
      const broken = walk.step(chainedEntryOf(entry));
      if (broken) throw refused(`${where} does not verify: ${broken}.`);
      const schema = entryDataSchemas[entry.kind as EntryKind];
      if (!schema) throw refused(`${where} is of a kind this console does not know (${entry.kind}).`);
      if (entry.data !== null && !schema.safeParse(entry.data).success) throw refused(`${where}: its data is malformed for a ${entry.kind}.`);
      if (entry.data === null && ['checkpoint', 'device_key_rotated', 'checkpoint_timestamped'].includes(entry.kind)) {
        throw refused(`${where}: evidence entries are never redacted, yet its body is missing.`);
      }
      const reason = evidence.check(entry);
      if (reason) throw refused(`${where}: ${reason}`);
    }
    // A missing body must be accounted for by a redaction of the same chain, offered or held.
    const redactions = new Set(entries.filter((entry) => entry.kind === 'redaction').map((entry) => entry.refersTo));
    for (const entry of entries) {
      if (entry.text !== null || redactions.has(entry.id) || held.redactionHeld(device, entry.id)) continue;
      throw refused(`Device ${device}'s entry #${entry.seq}: its body is missing and no redaction accounts for it.`);
    }
    checked.push({ device, entries, newKeys: evidence.usedKeys() });
  }
  return checked;
}

/** Two different entries offered at one seq of one device: two histories of it within the offer itself. */
export interface OfferedContradiction {
  device: string;
  seq: number;
  /** The two entries' hashes, in sorted order. */
  hashes: [string, string];
}

/**
 * The devices whose offered entries contradict each other, at the first seq where they do. The
 * team database keeps both rows of an equivocating device, so one page can hold both histories;
 * importChains refuses such a device by name and journals the alarm (checkOfferedChains alone,
 * for a file checked on its own, throws).
 */
export function offeredContradictions(offered: readonly ExchangeEntry[]): OfferedContradiction[] {
  const seen = new Map<string, string>();
  const found = new Map<string, OfferedContradiction>();
  for (const entry of offered) {
    const at = `${entry.seq} ${entry.chain}`;
    const other = seen.get(at);
    if (other === undefined) seen.set(at, entry.hash);
    else if (other !== entry.hash && (found.get(entry.chain)?.seq ?? Number.POSITIVE_INFINITY) > entry.seq) {
      found.set(entry.chain, { device: entry.chain, seq: entry.seq, hashes: other < entry.hash ? [other, entry.hash] : [entry.hash, other] });
    }
  }
  return [...found.values()];
}

/** The same entry offered twice is one; two different entries at one seq are a contradiction within the offer itself. */
function dedupe(sorted: ExchangeEntry[], device: string): ExchangeEntry[] {
  const out: ExchangeEntry[] = [];
  for (const entry of sorted) {
    const last = out.at(-1);
    if (last && last.seq === entry.seq) {
      if (last.hash !== entry.hash) throw refused(`Device ${device}'s chain is offered with two different entries #${entry.seq}.`);
      continue;
    }
    out.push(entry);
  }
  return out;
}
/**
 * What a chain's evidence entries state, checked as an import goes: a checkpoint's statement is
 * where the chain stands before it and is signed by a key of that device; a key change is signed
 * by the key it replaces (or says the key was lost), and its new key signs from then on.
 */
class ChainEvidence {
  private readonly used = new Map<string, ExchangeKey>();

  constructor(
    private readonly incidentId: string,
    private readonly device: string,
    private readonly offered: ReadonlyMap<string, ExchangeKey>,
    private readonly stored: (fingerprint: string) => { deviceId: string; publicKey: string } | undefined,
  ) {}

  usedKeys(): ExchangeKey[] {
    return [...this.used.values()];
  }

  /** Undefined when it holds; the reason otherwise. */
  check(entry: ExchangeEntry): string | undefined {
    if (entry.kind === 'checkpoint') {
      const parsed = SignedCheckpoint.safeParse(entry.data);
      if (!parsed.success) return 'a malformed checkpoint.';
      const { statement, signature } = parsed.data;
      const stated = this.statedHere(statement, entry);
      if (stated) return stated;
      if ((statement.keyFingerprint === null) !== (signature === null)) return 'a checkpoint with a key and no signature, or a signature and no key.';
      if (statement.keyFingerprint === null || signature === null) return undefined;
      const key = this.keyOf(statement.keyFingerprint);
      if (!key) return `signed by key ${statement.keyFingerprint.slice(0, 16)}, which is not offered or held for device ${this.device}.`;
      if (!verifySignature(key.publicKey, statementBytes(statement), signature))
        return 'its signature does not verify: the statement was changed after it was signed, or another key signed it.';
      return undefined;
    }
    if (entry.kind === 'device_key_rotated') {
      const parsed = SignedKeyRotation.safeParse(entry.data);
      if (!parsed.success) return 'a malformed key change.';
      const { statement, signature } = parsed.data;
      const stated = this.statedHere(statement, entry);
      if (stated) return stated;
      if (keyFingerprint(statement.newPublicKey) !== statement.newKeyFingerprint) return "the new key's fingerprint is not sha256 of the new public key.";
      if (signature !== null) {
        const old = this.keyOf(statement.oldKeyFingerprint);
        if (!old || !verifySignature(old.publicKey, statementBytes(statement), signature)) return 'the key change is not signed by the key it replaces.';
      } else if (statement.cause !== 'key_lost') return 'an unsigned key change that does not say the key was lost.';
      this.used.set(statement.newKeyFingerprint, { deviceId: this.device, publicKey: statement.newPublicKey, fingerprint: statement.newKeyFingerprint });
    }
    return undefined;
  }

  private statedHere(
    statement: { incident: string; device: string; chainLength: number; headHash: string; at: string },
    entry: ExchangeEntry,
  ): string | undefined {
    if (statement.incident !== this.incidentId || statement.device !== entry.device) return 'its signed statement names another incident or device.';
    if (statement.chainLength !== entry.seq - 1 || statement.headHash !== entry.prevHash)
      return 'its signed statement says the chain stood elsewhere: an entry before it was changed.';
    if (statement.at !== entry.recordedAt) return 'its signed statement gives another time than its entry.';
    return undefined;
  }

  /** A key of this device: offered (its fingerprint checked), learnt from a key change in this chain, or held. */
  private keyOf(fingerprint: string): ExchangeKey | undefined {
    const known = this.used.get(fingerprint);
    if (known) return known;
    const offered = this.offered.get(fingerprint);
    const key =
      offered ??
      (() => {
        const held = this.stored(fingerprint);
        return held ? { ...held, fingerprint } : undefined;
      })();
    if (!key || key.deviceId !== this.device) return undefined;
    this.used.set(fingerprint, key);
    return key;
  }
}
