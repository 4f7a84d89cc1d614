import type { AppInfo, RunMode } from '../../../shared/app-schemas';
import type { Clock } from '../clock';
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

export function createAppHandlers(deps: AppServiceDeps): PartialHandlerMap {
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
    }),
  };
}
