import type { AppInfo, RunMode } from '../../../shared/app-schemas';
import type { Clock } from '../clock';
import type { SetAsideLog } from '../files/set-aside-log';
import type { PartialHandlerMap } from '../handlers';

export interface AppServiceDeps {
  name: string;
  version: string;
  mode: RunMode;
  dataDir: string;
  operator: string;
  platform: string;
  clock: Clock;
}

/**
 * What this console is, and what it had to set aside or could not make private at start
 * (`tightenProblems`: files whose mode could not be narrowed, in plain words).
 */
export function createAppHandlers(deps: AppServiceDeps, setAside: SetAsideLog, tightenProblems: readonly string[] = []): PartialHandlerMap {
  const startedAt = deps.clock.now().toISOString();
  return {
    'app.info': (): AppInfo => ({
      name: deps.name,
      version: deps.version,
      mode: deps.mode,
      dataDir: deps.dataDir,
      operator: deps.operator,
      platform: deps.platform,
      startedAt,
      now: deps.clock.now().toISOString(),
      ...(tightenProblems.length > 0 ? { privacyProblems: [...tightenProblems] } : {}),
    }),
    'app.setAsideFiles': () => ({ files: setAside.list() }),
  };
}
