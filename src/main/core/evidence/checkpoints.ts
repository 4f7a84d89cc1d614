import {
  CHECKPOINT_STATEMENT_TYPE,
  KEY_ROTATION_STATEMENT_TYPE,
  type CheckpointReason,
  type CheckpointStatement,
  type KeyRotationStatement,
  shortFingerprint,
} from '../../../shared/evidence-statements';
import type { EntryData, TimelineEntry } from '../../../shared/model';
import type { ChainHeadBefore } from '../journal/journal';
import type { JournalPort } from '../journal/journal-port';
import type { DeviceKeyPair } from './device-key';
import type { DeviceSigner } from './device-signer';
import { RECORD_KINDS } from './record-kinds';
import { statementBytes, witnessFingerprint } from './statements';

export interface MadeCheckpoint {
  entry: TimelineEntry;
  /** `IC-7f3a9c21` */
  fingerprint: string;
  signed: boolean;
}

/** How a reason reads in the checkpoint's text. */
export const REASON_LABELS: Record<CheckpointReason, string> = {
  export: 'export',
  update_posted: 'update posted',
  customer_update_drafted: 'customer update drafted',
  customer_update_sent: 'customer update sent',
  status_changed: 'status change',
  closed: 'incident closed',
  interval: 'every 10 minutes',
  key_rotated: 'key rotated',
};

const KEY_KINDS = ['checkpoint', 'device_key_rotated'] as const;

/**
 * Makes checkpoints: one signed statement of where the incident's chain stands, appended as the
 * chain's next entry (so the chain commits to it), one signature each. Before the first checkpoint
 * a new key signs in an incident the previous key signed, the key change is recorded there,
 * signed by the previous key when this run holds it.
 */
export class Checkpoints {
  /** incidentId → the key the incident's chain was last signed with (null: never signed). */
  private readonly lastKey = new Map<string, string | null>();

  constructor(
    private readonly journal: JournalPort,
    private readonly signer: DeviceSigner,
  ) {}

  /** Needs the signer's state (await `signer.ready` first); throws as the journal does. */
  make(incidentId: string, reason: CheckpointReason): MadeCheckpoint {
    const state = this.signer.state;
    if (!state) throw new Error('The device key has not been read yet.');
    const key = state.signed ? state.key : undefined;
    const unsigned = state.signed ? undefined : state.reason;
    if (key) this.recordKeyChange(incidentId, key);
    let fingerprint = '';
    const entry = this.journal.appendStating(
      incidentId,
      (head) => {
        const statement: CheckpointStatement = {
          type: CHECKPOINT_STATEMENT_TYPE,
          v: 1,
          incident: incidentId,
          device: this.deviceOf(head),
          keyFingerprint: key?.fingerprint ?? null,
          chainLength: head.chainLength,
          headHash: head.headHash,
          at: head.at,
          reason,
          others: head.others ?? [],
        };
        fingerprint = witnessFingerprint(statement);
        const range = `entries 1–${head.chainLength}`;
        const data: EntryData<'checkpoint'> = key
          ? { statement, signature: this.signer.sign(key, statementBytes(statement)) }
          : { statement, signature: null, unsignedBecause: unsigned };
        const text = key
          ? `Checkpoint ${fingerprint} (${REASON_LABELS[reason]}): ${range} signed by device key ${shortFingerprint(key.fingerprint)}`
          : `Checkpoint ${fingerprint} (${REASON_LABELS[reason]}), unsigned: ${range}. ${unsigned ?? ''}`;
        return { kind: 'checkpoint', text, data };
      },
      key && this.keyRecord(key),
    );
    if (key) this.lastKey.set(incidentId, key.fingerprint);
    return { entry, fingerprint, signed: key !== undefined };
  }

  /**
   * Records `next` replacing the key the incident was last signed with, if that is another one:
   * signed by the previous key when this run holds it (a rotation), unsigned otherwise (it was lost).
   */
  recordKeyChange(incidentId: string, next: DeviceKeyPair): TimelineEntry | undefined {
    const previous = this.lastKeyOf(incidentId);
    if (previous === null || previous === next.fingerprint) return undefined;
    const signing = this.signer.pairOf(previous);
    const entry = this.journal.appendStating(
      incidentId,
      (head) => {
        const statement: KeyRotationStatement = {
          type: KEY_ROTATION_STATEMENT_TYPE,
          v: 1,
          incident: incidentId,
          device: this.deviceOf(head),
          oldKeyFingerprint: previous,
          newKeyFingerprint: next.fingerprint,
          newPublicKey: next.publicKey,
          chainLength: head.chainLength,
          headHash: head.headHash,
          at: head.at,
          cause: signing ? 'operator' : 'key_lost',
        };
        const text = signing
          ? `Device key rotated: ${shortFingerprint(previous)} → ${shortFingerprint(next.fingerprint)}, signed by the old key`
          : `Device key replaced: ${shortFingerprint(previous)} → ${shortFingerprint(next.fingerprint)}, unsigned (the old key is no longer in the keychain)`;
        return { kind: 'device_key_rotated', text, data: { statement, signature: signing ? this.signer.sign(signing, statementBytes(statement)) : null } };
      },
      this.keyRecord(next),
    );
    this.lastKey.set(incidentId, next.fingerprint);
    return entry;
  }

  /** The incident's latest checkpoint, and whether anything of the incident's own record came after it. */
  latest(incidentId: string): { checkpoint: MadeCheckpoint; recordAfter: boolean } | undefined {
    const [entry] = this.journal.pageEntries({ incidentId, kinds: ['checkpoint'], order: 'desc', limit: 1, ownChain: true });
    if (!entry?.data) return undefined;
    const { statement, signature } = entry.data as EntryData<'checkpoint'>;
    const after = this.journal.pageEntries({ incidentId, afterSeq: entry.seq, kinds: RECORD_KINDS, limit: 1, ownChain: true });
    return { checkpoint: { entry, fingerprint: witnessFingerprint(statement), signed: signature !== null }, recordAfter: after.length > 0 };
  }

  /** The key the incident's chain was last signed with, read back from its latest checkpoints and key changes. */
  lastKeyOf(incidentId: string): string | null {
    const known = this.lastKey.get(incidentId);
    if (known !== undefined) return known;
    let found: string | null = null;
    let beforeSeq: number | undefined;
    for (;;) {
      const entries = this.journal.pageEntries({ incidentId, kinds: [...KEY_KINDS], order: 'desc', limit: 100, beforeSeq, ownChain: true });
      for (const entry of entries) {
        const data = entry.data as EntryData<'checkpoint'> | EntryData<'device_key_rotated'> | null;
        if (!data) continue;
        found = 'newKeyFingerprint' in data.statement ? data.statement.newKeyFingerprint : data.statement.keyFingerprint;
        if (found !== null) break;
      }
      if (found !== null || entries.length < 100) break;
      beforeSeq = entries.at(-1)!.seq;
    }
    this.lastKey.set(incidentId, found);
    return found;
  }

  /** Incidents whose chain this device signed with the key given: where a rotation must be recorded. */
  incidentsSignedWith(fingerprint: string): string[] {
    return this.journal
      .listIncidents()
      .map((incident) => incident.id)
      .filter((incidentId) => this.lastKeyOf(incidentId) === fingerprint);
  }

  private deviceOf(head: ChainHeadBefore): string {
    return head.device ?? this.signer.deviceId;
  }

  private keyRecord(key: DeviceKeyPair) {
    return { deviceId: this.signer.deviceId, publicKey: key.publicKey, fingerprint: key.fingerprint };
  }
}
