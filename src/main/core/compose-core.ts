import { createAppHandlers, type AppServiceDeps } from './app/app-service';
import { createSettingsService } from './app/settings-service';
import { createDiagnostics } from './diagnostics/diagnostics-service';
import { createChainsHandlers } from './chains/chains-service';
import { DeviceIdentityFile } from './evidence/device-file';
import { createEvidenceService, type EvidenceService } from './evidence/evidence-service';
import { EventBus } from './event-bus';
import { acquireDataDirLock } from './files/data-dir-lock';
import { prepareDataDir } from './files/data-dir';
import { SetAsideLog } from './files/set-aside-log';
import { mergeHandlers, type HandlerMap } from './handlers';
import { createJournalService } from './journal/journal-service';
import type { CommandCatalog } from '../../shared/command-catalog';
import { createCommsHandlers } from './comms/comms-service';
import { combineNotifiers, createBannerNotifier, type Notifier } from './notifier';
import type { PdfPrinter } from './reports/pdf-printer';
import { createMetricsHandlers } from './reports/metrics-service';
import { createPostmortemHandlers } from './reports/postmortem-service';
import { DEFAULT_TIMEOUTS } from './powernode/http-client';
import { createPowernodeService } from './powernode/powernode-service';
import { AcknowledgementReminders } from './reminders/acknowledgement-reminders';
import { UpdateReminders } from './reminders/update-reminders';
import { createTriageService } from './runbook/triage-service';
import { createTeamService } from './team/team-service';
import { KeytarSecretStore, type SecretStore } from './secrets';
import { journalSyncPort } from './sync/journal-sync-port';
import { createSyncService, type SyncService } from './sync/sync-service';

export interface CoreDeps extends AppServiceDeps {
  /** The desktop app's OS notifications; the in-app banner is always added. */
  nativeNotifier?: Notifier;
  /**
   * better-sqlite3's `nativeBinding` (see core/native-binding.ts): the Electron-ABI build under
   * Electron, undefined under Node. The journal passes it to `new Database(path, { nativeBinding })`.
   */
  sqliteNativeBinding?: string;
  /** The desktop app's printToPDF; browser mode has none. */
  pdfPrinter?: PdfPrinter;
  /** Tests may pass their own; the app uses the OS keychain. */
  secrets?: SecretStore;
  /** Kill switch status poll interval (default 60 s). */
  killSwitchPollMs?: number;
  /** Powernode answer timeout for headers and body (default 15 s); connecting keeps its own 5 s. */
  powernodeTimeoutMs?: number;
  /** The diagnostics command catalog; the app uses the bundled runbook's (tests pass their own). */
  diagnosticsCatalog?: CommandCatalog;
  /** Team sync: the periodic pull (default 30 s) and the retry after a failure (default 5 s). */
  syncPeriodicPullMs?: number;
  syncRetryMs?: number;
}

export interface Core {
  readonly handlers: HandlerMap;
  readonly events: EventBus;
  /** Update-cadence reminders; started by composeCore, `check()` lets tests fire them. */
  readonly reminders: UpdateReminders;
  /** What the reminders notify through: the banner, and the desktop app's OS notification. */
  readonly notifier: Notifier;
  /** Side files set aside since start; the desktop shell reports the window-state file here. */
  readonly setAside: SetAsideLog;
  /** Device key and checkpoints; `settled()` lets tests wait for the checkpoints asked for. */
  readonly evidence: EvidenceService;
  /** Team sync through the team database; tests wait on its cycles. */
  readonly sync: SyncService;
  close(): Promise<void>;
}

/**
 * Composes the core: the services, given their dependencies here (none of them imports electron),
 * and the one handler map both transports serve.
 */
export async function composeCore(deps: CoreDeps): Promise<Core> {
  // Private before anything is written, and ours alone: a second console is refused here.
  const dataDirProblems = prepareDataDir(deps.dataDir);
  const lock = acquireDataDirLock(deps.dataDir, deps.mode, deps.clock);
  if (lock.problem) dataDirProblems.push(lock.problem);
  const events = new EventBus();
  const closers: Array<() => void | Promise<void>> = [() => lock.release()];
  const setAside = new SetAsideLog(events);

  const notifier = combineNotifiers(createBannerNotifier(events, deps.clock), deps.nativeNotifier);
  const secrets = deps.secrets ?? new KeytarSecretStore();
  // Which console install this is: every entry it writes names it, so it is known before the journal opens.
  const deviceFile = new DeviceIdentityFile(deps.dataDir, deps.clock, setAside.report);
  const settings = createSettingsService({ dataDir: deps.dataDir, events, clock: deps.clock, reportSetAside: setAside.report });

  const journalService = createJournalService({
    dataDir: deps.dataDir,
    clock: deps.clock,
    operator: deps.operator,
    device: deviceFile.deviceId,
    events,
    nativeBinding: deps.sqliteNativeBinding,
    reportSetAside: setAside.report,
  });
  closers.push(() => journalService.close());

  const evidence = createEvidenceService({
    journal: journalService.port,
    clock: deps.clock,
    events,
    secrets,
    deviceFile,
    timestampAuthority: () => settings.current().timestampAuthorityUrl ?? null,
    setTimestampAuthority: (url) => settings.change({ timestampAuthorityUrl: url }),
  });
  // Closed before the journal, and waited for: no checkpoint is written into a closed journal.
  closers.push(async () => {
    evidence.close();
    await evidence.settled();
  });

  const powernode = createPowernodeService({
    dataDir: deps.dataDir,
    operator: deps.operator,
    clock: deps.clock,
    journal: journalService.port,
    events,
    secrets,
    pollMs: deps.killSwitchPollMs,
    timeouts: deps.powernodeTimeoutMs ? { ...DEFAULT_TIMEOUTS, headersMs: deps.powernodeTimeoutMs, bodyMs: deps.powernodeTimeoutMs } : undefined,
    reportSetAside: setAside.report,
  });
  // Closed before the journal (closers run in reverse), so no poll writes after it is gone.
  closers.push(() => powernode.close());

  // Update cadence and acknowledgement targets follow the runbook triage has active (bundled, or loaded from a file).
  const triage = createTriageService({ clock: deps.clock, journal: journalService.port });
  const severities = () => triage.activeRunbook().severities;
  // The reminders go to whoever is commander now: a console whose operator is not raises none.
  const team = createTeamService({
    journal: journalService.port,
    operator: deps.operator,
    device: deviceFile.deviceId,
    ownFingerprints: () => deviceFile.keys.map((key) => key.fingerprint),
  });
  const remindsHere = team.remindsHere;
  const reminders = new UpdateReminders({ journal: journalService.port, cadenceLevels: severities, clock: deps.clock, events, notifier, remindsHere });
  const acknowledgementReminders = new AcknowledgementReminders({ journal: journalService.port, severities, clock: deps.clock, notifier, remindsHere });
  for (const watch of [reminders, acknowledgementReminders]) {
    watch.start();
    closers.push(() => watch.stop());
  }

  const app = createAppHandlers(deps, setAside, dataDirProblems);
  const comms = createCommsHandlers({
    journal: journalService.port,
    clock: deps.clock,
    dataDir: deps.dataDir,
    cadenceLevels: severities,
    checkpoints: evidence.checkpoints,
  });
  const postmortem = createPostmortemHandlers({
    journal: journalService.port,
    clock: deps.clock,
    dataDir: deps.dataDir,
    pdf: deps.pdfPrinter,
    checkpoints: evidence.checkpoints,
  });
  const chains = createChainsHandlers({ journal: journalService.port, clock: deps.clock, dataDir: deps.dataDir, checkpoints: evidence.checkpoints });
  const metrics = createMetricsHandlers({ journal: journalService.port, clock: deps.clock, dataDir: deps.dataDir, levels: severities });
  const diagnostics = createDiagnostics({
    dataDir: deps.dataDir,
    clock: deps.clock,
    events,
    journal: journalService.port,
    catalog: deps.diagnosticsCatalog,
    reportSetAside: setAside.report,
  });
  closers.push(() => diagnostics.close());

  // Closed before the journal: no pulled entry is imported into a closed journal.
  const sync = createSyncService({
    dataDir: deps.dataDir,
    clock: deps.clock,
    events,
    secrets,
    journal: journalSyncPort(journalService.port, deviceFile.deviceId),
    nativeBinding: deps.sqliteNativeBinding,
    periodicPullMs: deps.syncPeriodicPullMs,
    retryMs: deps.syncRetryMs,
    reportSetAside: (path, movedTo, reason) => setAside.report({ label: 'Team sync state', path, movedTo, reason, at: deps.clock.now().toISOString() }),
  });
  closers.push(() => sync.close());

  // A contract method without a handler here is a compile error (satisfies), not a surprise at start.
  const handlers = mergeHandlers(
    app,
    settings.handlers,
    journalService.handlers,
    evidence.handlers,
    comms,
    postmortem,
    chains,
    metrics,
    triage.handlers,
    team.handlers,
    powernode.handlers,
    diagnostics.handlers,
    sync.handlers,
  ) satisfies HandlerMap;
  return {
    handlers,
    events,
    reminders,
    notifier,
    setAside,
    evidence,
    sync,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
