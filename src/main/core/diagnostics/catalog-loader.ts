import { CommandCatalog } from '../../../shared/command-catalog';
import { ConsoleError, describeIssues, issuesFromZod } from '../../../shared/errors';
import catalogJson from '../../../../resources/runbooks/powernode-commands.json';

/**
 * The command catalog, bundled with the app and validated on load. A broken catalog fails loudly
 * at start-up (and in the catalog test), not at 3 a.m. when a command is needed.
 */
export function parseCatalog(raw: unknown, source = 'command catalog'): CommandCatalog {
  const parsed = CommandCatalog.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new ConsoleError('CATALOG_INVALID', `Invalid ${source}: ${describeIssues(issues)}`, issues);
  }
  return parsed.data;
}

export function bundledCatalog(): CommandCatalog {
  return parseCatalog(catalogJson, 'resources/runbooks/powernode-commands.json');
}
