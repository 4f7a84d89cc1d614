import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const PRODUCT_NAME = 'Incident Console';

export interface RuntimeOptions {
  /** Where the journal and settings live; tests point it at a temp dir. */
  dataDir: string | undefined;
  /** Browser mode's loopback port; 0 picks a free one. */
  port: number;
  /** Start the clock at this instant (tests, demos); it then runs at real speed. */
  clockStart: Date | undefined;
  operator: string;
  /** Kill-switch status poll interval (default 60 s); slow links and tests change it. */
  powernodePollMs: number | undefined;
  /** Powernode answer timeout, headers and body alike (default 15 s). */
  powernodeTimeoutMs: number | undefined;
}

/**
 * Flags win over environment variables, which win over defaults. Unknown flags are ignored
 * because Electron and Chromium pass their own.
 */
export function readRuntimeOptions(argv: string[], env: NodeJS.ProcessEnv): RuntimeOptions {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'clock-start': { type: 'string' },
      operator: { type: 'string' },
      'powernode-poll-ms': { type: 'string' },
      'powernode-timeout-ms': { type: 'string' },
    },
  });
  const dataDir = stringOrUndefined(values['data-dir']) ?? stringOrUndefined(env.INCIDENT_CONSOLE_DATA_DIR);
  const portText = stringOrUndefined(values.port) ?? stringOrUndefined(env.INCIDENT_CONSOLE_PORT) ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const clockText = stringOrUndefined(values['clock-start']) ?? stringOrUndefined(env.INCIDENT_CONSOLE_CLOCK_START);
  const clockStart = clockText === undefined ? undefined : new Date(clockText);
  if (clockStart && Number.isNaN(clockStart.getTime())) {
    throw new Error(`--clock-start must be an ISO date-time, got "${clockText}"`);
  }
  const operator = stringOrUndefined(values.operator) ?? stringOrUndefined(env.INCIDENT_CONSOLE_OPERATOR) ?? safeUserName();
  const powernodePollMs = milliseconds(
    '--powernode-poll-ms',
    stringOrUndefined(values['powernode-poll-ms']) ?? stringOrUndefined(env.INCIDENT_CONSOLE_POWERNODE_POLL_MS),
    1_000,
  );
  const powernodeTimeoutMs = milliseconds(
    '--powernode-timeout-ms',
    stringOrUndefined(values['powernode-timeout-ms']) ?? stringOrUndefined(env.INCIDENT_CONSOLE_POWERNODE_TIMEOUT_MS),
    100,
  );
  return { dataDir: dataDir === undefined ? undefined : resolve(dataDir), port, clockStart, operator, powernodePollMs, powernodeTimeoutMs };
}

function milliseconds(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new Error(`${flag} must be a whole number of milliseconds, at least ${minimum}, got "${text}"`);
  return value;
}

/** The same folder Electron's app.getPath('userData') gives, so both modes share one journal. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

function safeUserName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
