import { CommandCatalog } from '../../../shared/command-catalog';
import catalogJson from '../../../../resources/runbooks/powernode-commands.json';

/**
 * The command catalog, bundled with the app and validated on load. A broken catalog fails loudly
 * at start-up (and in the catalog test), not at 3 a.m. when a command is needed.
 */
export function parseCatalog(raw: unknown, source = 'command catalog'): CommandCatalog {
  const parsed = CommandCatalog.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid ${source}: ${issues}`);
  }
  return parsed.data;
}

export function bundledCatalog(): CommandCatalog {
  return parseCatalog(catalogJson, 'resources/runbooks/powernode-commands.json');
}
