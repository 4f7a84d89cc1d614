import { z } from 'zod';

export const RunMode = z.enum(['electron', 'browser']);
export type RunMode = z.infer<typeof RunMode>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: RunMode,
  dataDir: z.string(),
  operator: z.string(),
  platform: z.string(),
  startedAt: z.string(),
  now: z.string(),
  /** What could not be done to the data dir at start, in plain words: files left readable by others, a lock not taken. */
  dataDirProblems: z.array(z.string()).optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A message main wants in front of the operator (a failure in the background, a reminder). */
export const AppNotice = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.string(),
  /** A short heading; set for reminders that also go out as desktop notifications. */
  title: z.string().optional(),
  /** Browser mode: also show it as a Web Notification when the browser allows (the desktop app shows a native one). */
  notify: z.boolean().optional(),
});
export type AppNotice = z.infer<typeof AppNotice>;

/** The operator's choice of colours: follow the OS, or force one. */
export const ThemeChoice = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;

/** How times are shown: local time with UTC beside it (the default), local only, or UTC only. */
export const TimeDisplay = z.enum(['both', 'local', 'utc']);
export type TimeDisplay = z.infer<typeof TimeDisplay>;

/** Console-wide preferences, kept in settings.json in the data dir. */
export const AppSettings = z.object({
  theme: ThemeChoice,
  timeDisplay: TimeDisplay,
});
export type AppSettings = z.infer<typeof AppSettings>;

export const AppSettingsPatch = z.object({ theme: ThemeChoice.optional(), timeDisplay: TimeDisplay.optional() }).strict();

/**
 * Something the operator asked for outside the page (application menu, global shortcut), which
 * the renderer carries out: the shell opens views, capture and kill-switch components handle theirs.
 */
export const AppCommand = z.object({
  command: z.enum(['focus-capture', 'open-halt-dialog', 'open-view']),
  /** For open-view: the id of a view in the renderer's registry. */
  viewId: z.string().optional(),
});
export type AppCommand = z.infer<typeof AppCommand>;

/**
 * A side file (settings, profiles, hosts, window state) that was damaged or from a newer version:
 * moved aside so the console could start with defaults, and said so in a banner.
 */
export const SetAsideFile = z.object({
  /** What the operator calls it: "Powernode profiles". */
  label: z.string(),
  path: z.string(),
  /** Where the file is now; null when it could not be moved (the reason says why). */
  movedTo: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
});
export type SetAsideFile = z.infer<typeof SetAsideFile>;

export const SetAsideFiles = z.object({ files: z.array(SetAsideFile) });
