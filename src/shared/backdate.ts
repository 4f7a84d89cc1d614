// Reading when something happened from what the operator typed: "07:05 deploy 4521 went out",
// "-15m paged by the monitor", "yesterday 23:50 …", "2026-11-26 23:50 …", or a time field. Pure:
// the clock and the time zone are handed in, so the same rules hold in the renderer and in tests.
// What could be read two ways (a time later than now, a time on either side of midnight within
// the incident) is never guessed: it comes back as a question with the readings to choose from.

/** A time zone as the parser needs it: its name and its offset from UTC at an instant. */
export interface ZoneRule {
  /** "Europe/Berlin", "UTC". */
  name: string;
  /** Minutes east of UTC at this instant (+60 for CET, +120 for CEST, 0 for UTC). */
  offsetMinutes(utcMs: number): number;
}

export const UTC_ZONE: ZoneRule = { name: 'UTC', offsetMinutes: () => 0 };

export interface BackdateContext {
  /** The console's clock, in ms. */
  now: number;
  /** The zone the operator reads times in (local, or UTC when they chose UTC only). */
  zone: ZoneRule;
  /** When the incident started: a time of day on either side of midnight within it is asked. */
  incidentStart?: number;
}

/** What was typed, before it is placed on a day. */
export type TimeSpec =
  | { kind: 'clock'; hour: number; minute: number; second: number; day?: 'today' | 'yesterday' }
  | { kind: 'ago'; ms: number }
  | { kind: 'date'; year: number; month: number; day: number; hour: number; minute: number; second: number };

/** One way to read an ambiguous time. */
export interface TimeChoice {
  day: 'today' | 'yesterday';
  occurredAt: string;
}

export type TimeResolution =
  | { kind: 'at'; occurredAt: string }
  /** later-than-now: today's reading has not happened yet; which-day: both days fall within the incident. */
  | { kind: 'ask'; why: 'later-than-now' | 'which-day'; choices: TimeChoice[] }
  | { kind: 'invalid'; reason: string };

export type BackdateReading =
  /** No time at the start of the note: it happened now. */
  | { kind: 'none' }
  /** `said` is the time as typed ("07:05", "-15m"); `text` is the note without it. */
  | ({ said: string; text: string } & TimeResolution);

const DAY_MS = 86_400_000;
const MAX_AGO_MS = 7 * DAY_MS;

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?=\s)/;
const CLOCK_PREFIX = /^(?:(yesterday|today)\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?=\s)/i;
const AGO_PREFIX = /^-(?=\d)(?:(\d+)\s?h)?(?:(\d+)\s?m(?:in)?)?(?:(\d+)\s?s)?(?=\s)/i;
const FIELD_CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The time at the start of a note and the rest of it, or undefined when it starts with none. */
export function splitTimePrefix(note: string): { said: string; spec: TimeSpec; rest: string } | undefined {
  const text = note.trimStart();
  const date = DATE_PREFIX.exec(text);
  if (date) {
    const [, year, month, day, hour, minute, second] = date.map(Number) as number[];
    return withRest(text, date[0], { kind: 'date', year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second || 0 });
  }
  const clock = CLOCK_PREFIX.exec(text);
  if (clock) {
    const day = clock[1]?.toLowerCase() as 'today' | 'yesterday' | undefined;
    const spec: TimeSpec = { kind: 'clock', hour: Number(clock[2]), minute: Number(clock[3]), second: Number(clock[4] ?? 0), ...(day ? { day } : {}) };
    return withRest(text, clock[0], spec);
  }
  const ago = AGO_PREFIX.exec(text);
  if (ago && (ago[1] || ago[2] || ago[3])) {
    const ms = (Number(ago[1] ?? 0) * 3600 + Number(ago[2] ?? 0) * 60 + Number(ago[3] ?? 0)) * 1000;
    return withRest(text, ago[0], { kind: 'ago', ms });
  }
  return undefined;
}

function withRest(text: string, said: string, spec: TimeSpec): { said: string; spec: TimeSpec; rest: string } | undefined {
  const rest = text.slice(said.length).trim();
  // A note that is only a time says nothing happened: it is recorded as typed.
  return rest === '' ? undefined : { said, spec, rest };
}

/** Reads a note typed into quick capture: its leading time, if any, placed on a day (or asked). */
export function readBackdate(note: string, context: BackdateContext): BackdateReading {
  const found = splitTimePrefix(note);
  if (!found) return { kind: 'none' };
  return { said: found.said, text: found.rest, ...resolveTime(found.spec, context) };
}

/** Reads the capture box's time field ("07:05", "07:05:30" as <input type="time"> gives it); undefined when empty. */
export function readTimeField(value: string, context: BackdateContext): TimeResolution | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const clock = FIELD_CLOCK.exec(trimmed);
  if (!clock) return { kind: 'invalid', reason: `"${trimmed}" is not a time of day (HH:MM)` };
  return resolveTime({ kind: 'clock', hour: Number(clock[1]), minute: Number(clock[2]), second: Number(clock[3] ?? 0) }, context);
}

/** Places a typed time on the timeline: an instant, a question, or why it cannot be. */
export function resolveTime(spec: TimeSpec, context: BackdateContext): TimeResolution {
  const { now, zone } = context;
  if (spec.kind === 'ago') {
    if (spec.ms === 0) return { kind: 'invalid', reason: 'That is now: leave the time out' };
    if (spec.ms > MAX_AGO_MS) return { kind: 'invalid', reason: 'More than a week ago: give the date and time (2026-11-20 07:05)' };
    return { kind: 'at', occurredAt: iso(now - spec.ms) };
  }
  const invalid = clockProblem(spec);
  if (invalid) return { kind: 'invalid', reason: invalid };
  if (spec.kind === 'date') {
    const at = wallToUtc(Date.UTC(spec.year, spec.month - 1, spec.day, spec.hour, spec.minute, spec.second), zone);
    const back = new Date(at + zone.offsetMinutes(at) * 60_000);
    if (back.getUTCMonth() !== spec.month - 1 || back.getUTCDate() !== spec.day) return { kind: 'invalid', reason: 'There is no such date' };
    if (at > now) return { kind: 'invalid', reason: 'That is later than now: an entry records what already happened' };
    return { kind: 'at', occurredAt: iso(at) };
  }

  const localNow = now + zone.offsetMinutes(now) * 60_000;
  const todayWall = Math.floor(localNow / DAY_MS) * DAY_MS + ((spec.hour * 60 + spec.minute) * 60 + spec.second) * 1000;
  const today = wallToUtc(todayWall, zone);
  const yesterday = wallToUtc(todayWall - DAY_MS, zone);
  if (spec.day === 'yesterday') return { kind: 'at', occurredAt: iso(yesterday) };
  if (today > now) {
    if (spec.day === 'today') return { kind: 'invalid', reason: 'That is later than now: an entry records what already happened' };
    return { kind: 'ask', why: 'later-than-now', choices: [{ day: 'yesterday', occurredAt: iso(yesterday) }] };
  }
  if (spec.day === undefined && context.incidentStart !== undefined && yesterday >= context.incidentStart) {
    return {
      kind: 'ask',
      why: 'which-day',
      choices: [
        { day: 'today', occurredAt: iso(today) },
        { day: 'yesterday', occurredAt: iso(yesterday) },
      ],
    };
  }
  return { kind: 'at', occurredAt: iso(today) };
}

function clockProblem(spec: { hour: number; minute: number; second: number }): string | undefined {
  if (spec.hour > 23 || spec.minute > 59 || spec.second > 59) {
    const text = `${String(spec.hour).padStart(2, '0')}:${String(spec.minute).padStart(2, '0')}`;
    return `${text} is not a time of day`;
  }
  return undefined;
}

/**
 * The UTC instant of a wall-clock time in a zone (the wall time coded as if it were UTC). The
 * offset is read twice, at the guess and again at the result, so a time next to a change of
 * daylight saving lands on the offset in force then.
 */
export function wallToUtc(wallMs: number, zone: ZoneRule): number {
  const first = wallMs - zone.offsetMinutes(wallMs) * 60_000;
  return wallMs - zone.offsetMinutes(first) * 60_000;
}

const iso = (ms: number): string => new Date(ms).toISOString();
