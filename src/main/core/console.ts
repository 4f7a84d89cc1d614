import type { RunMode } from '../../shared/app-schemas';
import { methodNames } from '../../shared/contract';
import { createAppHandlers } from './app/app-service';
import { createSettingsHandlers } from './app/settings-service';
import type { Clock } from './clock';
import { createDiagnostics } from './diagnostics/diagnostics-service';
import { EventBus } from './event-bus';
import type { HandlerMap, PartialHandlerMap } from './handlers';
import { createJournalService } from './journal/journal-service';
import { combineNotifiers, createBannerNotifier, type Notifier } from './notifier';
import { createPowernodeService } from './powernode/powernode-service';
import { createTriageHandlers } from './runbook/triage-service';
import type { SecretStore } from './secrets';

export interface ConsoleDeps {
  name: string;
  version: string;
  mode: RunMode;
  dataDir: string;
  operator: string;
  platform: string;
  clock: Clock;
  /** The desktop app's OS notifications; the in-app banner is always added. */
  nativeNotifier?: Notifier;
  /**
   * better-sqlite3's `nativeBinding` (see core/native-binding.ts): the Electron-ABI build under
   * Electron, undefined under Node. The journal passes it to `new Database(path, { nativeBinding })`.
   */
  sqliteNativeBinding?: string;
  /** Tests may pass their own; the app uses the OS keychain. */
  secrets?: SecretStore;
  /** Kill switch status poll interval (default 60 s). */
  killSwitchPollMs?: number;
}

export interface ConsoleCore {
  readonly handlers: HandlerMap;
  readonly events: EventBus;
  /** For reminders and background failures the operator must see. */
  readonly notifier: Notifier;
  close(): Promise<void>;
}

/**
 * Composes the services into the one handler map both transports serve.
 * Services get their dependencies here; none of them imports electron.
 */
export async function createConsole(deps: ConsoleDeps): Promise<ConsoleCore> {
  const events = new EventBus();
  const closers: Array<() => void | Promise<void>> = [];

  const notifier = combineNotifiers(createBannerNotifier(events, deps.clock), deps.nativeNotifier);

  const journalService = createJournalService({
    dataDir: deps.dataDir,
    clock: deps.clock,
    operator: deps.operator,
    events,
    nativeBinding: deps.sqliteNativeBinding,
  });
  closers.push(() => journalService.close());

  const powernode = createPowernodeService({
    dataDir: deps.dataDir,
    operator: deps.operator,
    clock: deps.clock,
    journal: journalService.port,
    events,
    secrets: deps.secrets,
    pollMs: deps.killSwitchPollMs,
  });
  // Closed before the journal (closers run in reverse), so no poll writes after it is gone.
  closers.push(() => powernode.close());

  const parts: PartialHandlerMap[] = [
    createAppHandlers(deps),
    createSettingsHandlers({ dataDir: deps.dataDir, events }),
    journalService.handlers,
    createTriageHandlers({ clock: deps.clock, journal: journalService.port }),
    powernode.handlers,
  ];

  const diagnostics = createDiagnostics({ dataDir: deps.dataDir, clock: deps.clock, events, journal: journalService.port });
  parts.push(diagnostics.handlers);
  closers.push(() => diagnostics.close());

  const handlers = mergeHandlers(parts);
  return {
    handlers,
    events,
    notifier,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

function mergeHandlers(parts: PartialHandlerMap[]): HandlerMap {
  const merged: PartialHandlerMap = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in merged) throw new Error(`Two services handle ${name}`);
      (merged as Record<string, unknown>)[name] = handler;
    }
  }
  const missing = methodNames.filter((name) => !(name in merged));
  if (missing.length > 0) throw new Error(`No handler for: ${missing.join(', ')}`);
  return merged as HandlerMap;
}
