import { z } from 'zod';
import type { CommandParam, ParamKind } from './command-catalog';

/**
 * One zod schema per parameter kind. They are allow-lists (what a unit name, a database name…
 * looks like), not deny-lists, so `;`, `$()`, backticks, quotes, newlines and a leading `-`
 * never get in. Shared so the form can say what is wrong before main refuses it.
 */
const noLeadingDash = (value: string) => !value.startsWith('-');

const kindSchemas: Record<ParamKind, z.ZodType<string>> = {
  // powernode-backend@default, nginx.service, user@1000.service
  'systemd-unit': z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_.@-]{0,254}$/, 'A systemd unit name: letters, digits and : _ . @ - only'),
  // "1 hour ago", "30 minutes ago", "2 days ago", or a date "2026-03-15" / "2026-03-15 09:30"
  'since-duration': z
    .string()
    .regex(
      /^(?:[1-9]\d{0,3} (?:second|minute|hour|day|week|month)s? ago|\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)$/,
      'A time like "1 hour ago", "30 minutes ago" or "2026-03-15 09:30"',
    ),
  'database-name': z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'A database name: letters, digits and _ only'),
  'database-user': z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'A database user: letters, digits and _ only'),
  'redis-db': z.string().regex(/^(?:[0-9]|1[0-5])$/, 'A Redis database number from 0 to 15'),
  // reports, queue:reports, sidekiq:dead
  'queue-name': z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_:.-]{0,127}$/, 'A queue or key name: letters, digits and _ : . - only'),
  label: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'A label: letters, digits, _ and - (no spaces)'),
  path: z.string(),
  hostname: z.string().regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9a-fA-F:]{2,39})$/, 'A host name or IP address'),
  port: z
    .string()
    .regex(/^[1-9]\d{0,4}$/, 'A port number')
    .refine((value) => Number(value) <= 65535, 'A port number up to 65535'),
  'line-count': z
    .string()
    .regex(/^[1-9]\d{0,4}$/, 'A number of lines')
    .refine((value) => Number(value) <= 10000, 'At most 10000 lines'),
};

export type ParamCheck = { ok: true; value: string } | { ok: false; message: string };

export function checkParam(param: CommandParam, raw: string): ParamCheck {
  if (!noLeadingDash(raw)) return { ok: false, message: 'May not start with "-" (it would read as an option)' };
  if (param.kind === 'path') {
    const allowed = param.allowed ?? [];
    return allowed.includes(raw) ? { ok: true, value: raw } : { ok: false, message: `One of: ${allowed.join(', ')}` };
  }
  const parsed = kindSchemas[param.kind].safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Not accepted' };
}

export const PARAM_KIND_HINTS: Record<ParamKind, string> = {
  'systemd-unit': 'systemd unit, e.g. powernode-worker@default',
  'since-duration': 'e.g. 1 hour ago',
  'database-name': 'database name',
  'database-user': 'database user',
  'redis-db': '0–15',
  'queue-name': 'queue or key name',
  label: 'letters, digits, _ and -',
  path: 'one of the allowed paths',
  hostname: 'host name or IP',
  port: 'port',
  'line-count': 'number of lines',
};
