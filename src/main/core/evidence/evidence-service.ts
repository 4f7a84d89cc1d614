import type { EvidenceStatus, WitnessAnswer } from '../../../shared/evidence-schemas';
import type { CheckpointReason } from '../../../shared/evidence-statements';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { EntryData, TimelineEntry } from '../../../shared/model';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import type { SecretStore } from '../secrets';
import { Checkpoints, type MadeCheckpoint } from './checkpoints';
import type { DeviceIdentityFile, DeviceKeyEntry } from './device-file';
import { shortFingerprint } from '../../../shared/evidence-statements';
import { DeviceSigner } from './device-signer';
import { IntervalCheckpoints } from './interval-checkpoints';
import { statementHash } from './statements';
import { requestTimestamp } from './trusted-time';

/** Who signs an export, for the files that name the key (post-mortem, bundle). */
export interface ExportSigning {
  deviceId: string;
  /** Full sha256 hex of the current public key; null when this run has none. */
  keyFingerprint: string | null;
  /** Why this run does not sign; null when it does. */
  unsignedBecause: string | null;
  /** The current public key (raw, base64); null when this run has none. */
  publicKey?: string | null;
}

/** What the services that make checkpoints at their moments (export, updates) ask of the evidence. */
export interface CheckpointPort {
  /** A new checkpoint, once the device key has been read (it waits for the keychain's answer). */
  checkpoint(incidentId: string, reason: CheckpointReason): Promise<MadeCheckpoint>;
  /** The latest checkpoint when nothing of the record came after it, else a new one: what an update quotes. */
  witness(incidentId: string, reason: CheckpointReason): Promise<MadeCheckpoint>;
  /** Resolves once the checkpoint's trusted time was asked for and journaled (or failed, and was told); at once without an authority. */
  trustedTime(made: MadeCheckpoint): Promise<void>;
  signing(): Promise<ExportSigning>;
}

export interface EvidenceServiceDeps {
  journal: JournalPort;
  clock: Clock;
  events: EventBus;
  secrets: SecretStore;
  deviceFile: DeviceIdentityFile;
  /** The configured RFC 3161 authority, read at each checkpoint; null when none. */
  timestampAuthority: () => string | null;
  setTimestampAuthority: (url: string | null) => void;
}

export interface EvidenceService {
  handlers: Handlers<MethodsIn<'evidence'>>;
  checkpoints: CheckpointPort;
  /** Resolves once the keychain has answered: the device key is read (or made), or this run is known to sign nothing. */
  ready(): Promise<void>;
  /** Resolves once every checkpoint and timestamp asked for so far is written (or failed and was reported). */
  settled(): Promise<void>;
  /** The interval watch, for tests to run its check on their clock. */
  interval: IntervalCheckpoints;
  close(): void;
}

type TrustedTimeState = EvidenceStatus['trustedTime'];

/**
 * Device identity and signed checkpoints: the key in the keychain, a checkpoint at every moment
 * that matters (export, update posted, customer update, status change, close, and every 10
 * minutes while the record grows), key rotation, and trusted time when an authority is set.
 */
export function createEvidenceService(deps: EvidenceServiceDeps): EvidenceService {
  const signer = new DeviceSigner(deps.deviceFile, deps.secrets, deps.clock);
  const checkpoints = new Checkpoints(deps.journal, signer);
  const pending = new Set<Promise<unknown>>();
  const inFlight = new Map<string, Promise<MadeCheckpoint>>();
  /** checkpoint entry id → its trusted time being asked for. */
  const stamping = new Map<string, Promise<void>>();
  let trustedTime: Omit<TrustedTimeState, 'url'> = { lastToken: null, lastFailure: null };

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.then(
      () => pending.delete(work),
      () => pending.delete(work),
    );
    return work;
  };
  const warn = (message: string) => deps.events.emit('app.notice', { level: 'warning', message, at: deps.clock.now().toISOString() });

  const status = (): EvidenceStatus => {
    const state = signer.state;
    const keys = signer.keys.map(keyView);
    return {
      deviceId: signer.deviceId,
      signing: state === undefined ? 'loading' : state.signed ? 'signed' : 'unsigned',
      key: state?.signed ? (keys.find((key) => key.fingerprint === state.key.fingerprint) ?? null) : null,
      message: state === undefined ? null : state.signed ? state.note : state.reason,
      keys,
      trustedTime: { url: deps.timestampAuthority(), ...trustedTime },
    };
  };
  const publish = () => deps.events.emit('evidence.status', status());
  void signer.ready.then(publish);

  /** Sent to the authority after the checkpoint is written; the token becomes an entry referring to it. */
  const timestamp = async (made: MadeCheckpoint) => {
    const url = deps.timestampAuthority();
    if (!url) return;
    const { statement } = made.entry.data as EntryData<'checkpoint'>;
    const digest = statementHash(statement);
    try {
      const token = await requestTimestamp(url, digest);
      deps.journal.append(made.entry.incidentId, {
        kind: 'checkpoint_timestamped',
        text: `Trusted time for checkpoint ${made.fingerprint}: it existed by ${token.genTime}, says the timestamp authority ${url}`,
        data: { statementHash: digest, tsa: url, token: token.token, genTime: token.genTime },
        refersTo: made.entry.id,
      });
      trustedTime = { ...trustedTime, lastToken: { at: deps.clock.now().toISOString(), genTime: token.genTime, checkpoint: made.fingerprint } };
    } catch (error) {
      const message = errorMessage(error);
      const wasFailing = trustedTime.lastFailure !== null && (trustedTime.lastToken === null || trustedTime.lastToken.at < trustedTime.lastFailure.at);
      trustedTime = { ...trustedTime, lastFailure: { at: deps.clock.now().toISOString(), message } };
      // Offline, every checkpoint would fail the same way: said once until one succeeds again.
      if (!wasFailing)
        warn(
          `Checkpoint ${made.fingerprint} has no trusted time: the timestamp authority ${url} could not give one (${message}). It stays signed by the device key.`,
        );
    }
    publish();
  };

  const checkpoint = (incidentId: string, reason: CheckpointReason): Promise<MadeCheckpoint> =>
    track(
      signer.ready.then(() => {
        const made = checkpoints.make(incidentId, reason);
        const stamped = track(timestamp(made)).finally(() => stamping.delete(made.entry.id));
        stamping.set(made.entry.id, stamped);
        return made;
      }),
    );

  /** For moments noticed in passing (a status change, the interval): one at a time per incident, failures told. */
  const checkpointSoon = (incidentId: string, reason: CheckpointReason) => {
    if (inFlight.has(incidentId)) return;
    const made = checkpoint(incidentId, reason);
    inFlight.set(incidentId, made);
    made.then(
      () => inFlight.delete(incidentId),
      (error: unknown) => {
        inFlight.delete(incidentId);
        warn(`A checkpoint (${reason.replace('_', ' ')}) could not be written: ${errorMessage(error)}`);
      },
    );
  };

  const interval = new IntervalCheckpoints({
    journal: deps.journal,
    clock: deps.clock,
    checkpoints,
    make: (incidentId) => checkpointSoon(incidentId, 'interval'),
  });
  interval.start();

  const unsubscribe = deps.events.subscribe((name, payload) => {
    if (name !== 'journal.appended') return;
    const { entry } = payload as { entry: TimelineEntry };
    const reason = statusReason(entry);
    // After the append that emitted this has returned, so the checkpoint is the entry after it.
    if (reason) queueMicrotask(() => checkpointSoon(entry.incidentId, reason));
  });

  const witness = async (incidentId: string, reason: CheckpointReason): Promise<MadeCheckpoint> => {
    await signer.ready;
    const latest = checkpoints.latest(incidentId);
    if (latest && !latest.recordAfter) return latest.checkpoint;
    return checkpoint(incidentId, reason);
  };

  const rotateKey = async (): Promise<EvidenceStatus> => {
    const state = await signer.ready;
    if (!state.signed) throw new ConsoleError('EVIDENCE_UNSIGNED', `There is no device key to rotate. ${state.reason}`);
    const signedWithOld = checkpoints.incidentsSignedWith(state.key.fingerprint);
    const previous = await signer.rotate();
    const failed: string[] = [];
    for (const incidentId of signedWithOld) {
      try {
        await checkpoint(incidentId, 'key_rotated');
      } catch (error) {
        failed.push(`${incidentId}: ${errorMessage(error)}`);
      }
    }
    // Kept while some incident still has to record the change: only the old key can sign it.
    if (failed.length === 0) await signer.retire(previous.fingerprint);
    else warn(`The key rotation could not be recorded in ${failed.length} incident(s) (${failed.join('; ')}); the old key is kept until it is.`);
    publish();
    return status();
  };

  return {
    checkpoints: {
      checkpoint,
      witness,
      trustedTime: (made) => stamping.get(made.entry.id) ?? Promise.resolve(),
      signing: async () => {
        const state = await signer.ready;
        return {
          deviceId: signer.deviceId,
          keyFingerprint: state.signed ? state.key.fingerprint : null,
          unsignedBecause: state.signed ? null : state.reason,
          publicKey: state.signed ? state.key.publicKey : null,
        };
      },
    },
    handlers: {
      'evidence.status': () => status(),
      'evidence.rotateKey': () => rotateKey(),
      'evidence.witness': async ({ incidentId }): Promise<WitnessAnswer> => {
        const made = await witness(incidentId, 'customer_update_drafted');
        return { fingerprint: made.fingerprint, entryId: made.entry.id, seq: made.entry.seq, signed: made.signed, at: made.entry.recordedAt };
      },
      'evidence.setTimestampAuthority': ({ url }) => {
        deps.setTimestampAuthority(url);
        trustedTime = { lastToken: null, lastFailure: null };
        publish();
        return status();
      },
    },
    interval,
    async ready() {
      await signer.ready;
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      interval.stop();
      unsubscribe();
    },
  };
}

/** Status changes are checkpoint moments; closing (resolved) is its own. */
function statusReason(entry: TimelineEntry): CheckpointReason | undefined {
  if (entry.kind === 'acknowledged') return 'status_changed';
  if (entry.kind !== 'status_changed' || !entry.data) return undefined;
  return (entry.data as EntryData<'status_changed'>).to === 'resolved' ? 'closed' : 'status_changed';
}

function keyView(key: DeviceKeyEntry) {
  return { fingerprint: key.fingerprint, short: shortFingerprint(key.fingerprint), createdAt: key.createdAt, cause: key.cause };
}
