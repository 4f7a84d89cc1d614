import type { AppInfo, RunMode } from '../../../shared/app-schemas';
import type { Clock } from '../clock';
import type { SetAsideLog } from '../files/set-aside-log';
import type { Handlers } from '../handlers';

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
 * to the data dir (`dataDirProblems`: files left readable by others, a lock not taken), in plain words.
 */
export function createAppHandlers(
  deps: AppServiceDeps,
  setAside: SetAsideLog,
  dataDirProblems: readonly string[] = [],
): Handlers<'app.info' | 'app.setAsideFiles'> {
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
      ...(dataDirProblems.length > 0 ? { dataDirProblems: [...dataDirProblems] } : {}),
    }),
    'app.setAsideFiles': () => ({ files: setAside.list() }),
  };
}
