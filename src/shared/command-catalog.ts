import { z } from 'zod';

// The diagnostics command catalog (resources/runbooks/powernode-commands.json), as data.
//
// Runbook steps reference commands by these ids; keep them stable:
//   service-status        powernode-installer.sh status                         (read)
//   unit-status           systemctl status <unit>                                (read)
//   backend-logs          journalctl -u <unit> -n <lines> --no-pager            (read)
//   recent-deploys        git -C /opt/powernode log --since=<since> --oneline   (read)
//   migration-status      rails db:migrate:status                                (read)
//   redis-ping            redis-cli -n <db> PING                                 (read)
//   redis-queue-depth     redis-cli -n <db> LLEN <queue>                         (read)
//   redis-dead-set        redis-cli -n <db> LLEN <dead set key>                  (read)
//   redis-key-type        redis-cli -n <db> TYPE <key>                           (read)
//   worker-status         systemctl status powernode-worker@default              (read)
//   worker-stop-start     systemctl stop <unit>, wait 30 s, systemctl start      (change; never `restart`)
//   pg-connection         psql -c "SELECT now();"                                (read)
//   pg-activity-by-state  pg_stat_activity grouped by state                      (read)
//   pg-waiting-queries    pg_stat_activity WHERE wait_event IS NOT NULL          (read)
//   pg-disk               df -h /var/lib/postgresql/                             (read)
//   pg-backup             pg_dump -Fc labelled backup                            (change)
//
// An argv template is an array of strings; `{name}` placeholders (a whole element or part of
// one) are filled with validated parameters. Every argv element stays one argv element: nothing
// is ever split or handed to a local shell, and over SSH each element is POSIX-quoted.

/** What a parameter may hold. Each kind refuses shell metacharacters, whitespace tricks and leading `-`. */
export const ParamKind = z.enum([
  'systemd-unit',
  'since-duration',
  'database-name',
  'database-user',
  'redis-db',
  'queue-name',
  'label',
  'path',
  'hostname',
  'port',
  'line-count',
]);
export type ParamKind = z.infer<typeof ParamKind>;

/** Per-host connection settings a parameter may take its default from (redis port, postgres host…). */
export const HostSettingKey = z.enum(['redisHost', 'redisPort', 'pgHost', 'pgPort', 'pgUser', 'pgDatabase']);
export type HostSettingKey = z.infer<typeof HostSettingKey>;

const PARAM_NAME = /^[a-z][A-Za-z0-9]{0,31}$/;

export const CommandParam = z
  .object({
    name: z.string().regex(PARAM_NAME),
    label: z.string().min(1),
    kind: ParamKind,
    help: z.string().optional(),
    /** Used when neither the operator nor the host gives a value. */
    default: z.string().optional(),
    /** The host's connection setting that fills this parameter by default. */
    hostSetting: HostSettingKey.optional(),
    /** For `path`: the only values accepted, exactly. */
    allowed: z.array(z.string().startsWith('/')).optional(),
  })
  .strict()
  .refine((param) => param.kind !== 'path' || (param.allowed?.length ?? 0) > 0, {
    message: 'A path parameter needs an allow-list',
  });
export type CommandParam = z.infer<typeof CommandParam>;

export const ArgvTemplate = z.array(z.string()).min(1);

export const CommandStep = z.union([
  z.object({ run: ArgvTemplate }).strict(),
  /** A pause between steps (stop, wait 30 s, start). Cancel and the timeout still apply. */
  z.object({ waitSeconds: z.number().int().positive().max(600) }).strict(),
]);
export type CommandStep = z.infer<typeof CommandStep>;

export const CommandEffect = z.enum(['read', 'change']);
export type CommandEffect = z.infer<typeof CommandEffect>;

export const CatalogCommand = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
    title: z.string().min(1),
    group: z.string().min(1),
    description: z.string().min(1),
    /** The argv template; for a sequence use `steps` instead. */
    argv: ArgvTemplate.optional(),
    steps: z.array(CommandStep).min(2).optional(),
    /** Working directory (fixed by the catalog, never a parameter). */
    cwd: z.string().startsWith('/').optional(),
    params: z.array(CommandParam).default([]),
    effect: CommandEffect,
    /** For `change`: one sentence the confirmation dialog shows, e.g. "Stops then starts the worker". */
    changeDescription: z.string().optional(),
    /** Host role tags this command is meant for (preselects hosts). */
    roles: z.array(z.string()).default([]),
    timeoutSeconds: z.number().int().positive().max(3600).default(60),
    /** Where the runbook says it comes from, for the operator's trust. */
    runbookRef: z.string().optional(),
  })
  .strict()
  .refine((command) => (command.argv ? !command.steps : !!command.steps), { message: 'Give either argv or steps' })
  .refine((command) => command.effect === 'read' || !!command.changeDescription, {
    message: 'A command that changes a system must say how (changeDescription)',
  });
export type CatalogCommand = z.infer<typeof CatalogCommand>;

export const CommandCatalog = z
  .object({
    version: z.literal(1),
    commands: z.array(CatalogCommand).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    for (const [index, command] of catalog.commands.entries()) {
      if (seen.has(command.id)) ctx.addIssue({ code: 'custom', path: ['commands', index, 'id'], message: `Duplicate id ${command.id}` });
      seen.add(command.id);
      const declared = new Set(command.params.map((param) => param.name));
      for (const template of templatesOf(command)) {
        for (const element of template) {
          for (const name of placeholdersIn(element)) {
            if (!declared.has(name) && !BUILTIN_PLACEHOLDERS.includes(name)) {
              ctx.addIssue({ code: 'custom', path: ['commands', index], message: `${command.id} uses {${name}} but declares no such parameter` });
            }
          }
        }
      }
    }
  });
export type CommandCatalog = z.infer<typeof CommandCatalog>;

/** Placeholders the runner fills itself. `timestamp` is UTC `YYYYMMDD_HHMMSS` (the backup file name). */
export const BUILTIN_PLACEHOLDERS: readonly string[] = ['timestamp'];

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function placeholdersIn(element: string): string[] {
  return [...element.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function templatesOf(command: CatalogCommand): string[][] {
  if (command.argv) return [command.argv];
  return (command.steps ?? []).flatMap((step) => ('run' in step ? [step.run] : []));
}

/** Fills one argv element; values are already validated, and stay inside this one element. */
export function fillElement(element: string, values: Record<string, string>): string {
  return element.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}}`);
    return value;
  });
}
