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
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A message main wants in front of the operator (a failure in the background, a reminder). */
export const AppNotice = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.string(),
});
export type AppNotice = z.infer<typeof AppNotice>;
