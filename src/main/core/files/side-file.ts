import { existsSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { readRegularFile } from './bounded-read';
import { errnoOf } from './file-errors';
import { fileStamp } from './file-stamp';
import type { SetAsideReporter } from './set-aside-log';
import { errorMessage } from '../../../shared/errors';

/** Side files are small; anything larger is not one of ours. */
const MAX_SIDE_FILE_BYTES = 1024 * 1024;

export type SideFileParse<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface SideFile<T> {
  path: string;
  /** What the operator calls it, for the banner: "Powernode profiles". */
  label: string;
  /** The newest format this version reads; a file with a larger `version` is from a newer console. */
  version: number;
  /** What to use when the file is missing or set aside. */
  defaults: () => T;
  /** Checks the parsed JSON; a reason (naming no value from the file) when it is not usable. */
  parse: (data: unknown) => SideFileParse<T>;
}

export interface SideFileContext {
  clock: Clock;
  report?: SetAsideReporter;
}

/**
 * The one way side files (settings, profiles, hosts, window state) are read. They are never a
 * reason not to start: a missing file gives the defaults; a damaged, oversized, foreign or
 * newer-version file is moved aside as `<name>.damaged-<time>` (kept byte for byte for the
 * operator to look at) and reported, and the defaults are used.
 */
export function readSideFile<T>(file: SideFile<T>, context: SideFileContext): T {
  if (!existsSync(file.path)) return file.defaults();
  const verdict = judge(file);
  if (verdict.ok) return verdict.value;
  const at = context.clock.now();
  let movedTo: string | null = null;
  let reason = verdict.reason;
  try {
    movedTo = freeName(`${file.path}.damaged-${fileStamp(at)}`);
    renameSync(file.path, movedTo);
  } catch (error) {
    movedTo = null;
    reason += ` It could not be moved aside (${errnoOf(error) || errorMessage(error)}), so it is still at ${file.path}.`;
  }
  context.report?.({ label: file.label, path: file.path, movedTo, reason, at: at.toISOString() });
  return file.defaults();
}

function judge<T>(file: SideFile<T>): SideFileParse<T> {
  let text: string;
  try {
    text = readRegularFile(file.path, MAX_SIDE_FILE_BYTES, `read the ${file.label}`).toString('utf8');
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: `The ${file.label} file is not valid JSON (damaged or cut short).` };
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > file.version) {
    return { ok: false, reason: `The ${file.label} file was written by a newer Incident Console (format ${version}; this one reads up to ${file.version}).` };
  }
  return file.parse(data);
}

/** Two damaged files in the same second get distinct names. */
function freeName(candidate: string): string {
  let name = candidate;
  for (let n = 2; existsSync(name); n += 1) name = `${candidate}-${n}`;
  return name;
}

/** A SideFile `parse` from a zod schema; the reason names the first bad field, not its value. */
export function parseWithSchema<T>(schema: z.ZodType<T>, label: string): (data: unknown) => SideFileParse<T> {
  return (data) => {
    const parsed = schema.safeParse(data);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
    return { ok: false, reason: `The ${label} file does not hold what this version expects${where}.` };
  };
}
