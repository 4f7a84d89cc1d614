import { describe, expect, it } from 'vitest';
import { defaultDataDir, readRuntimeOptions } from '../src/main/runtime-options';

describe('runtime options', () => {
  it('takes the data dir from the flag before the environment', () => {
    const options = readRuntimeOptions(['--data-dir', '/tmp/a'], { INCIDENT_CONSOLE_DATA_DIR: '/tmp/b' });
    expect(options.dataDir).toBe('/tmp/a');
    expect(readRuntimeOptions([], { INCIDENT_CONSOLE_DATA_DIR: '/tmp/b' }).dataDir).toBe('/tmp/b');
    expect(readRuntimeOptions([], {}).dataDir).toBeUndefined();
  });

  it('rejects a port that is not a port, and a clock start that is not a date', () => {
    expect(() => readRuntimeOptions(['--port', '70000'], {})).toThrow(/--port/);
    expect(() => readRuntimeOptions(['--clock-start', 'yesterday'], {})).toThrow(/--clock-start/);
  });

  it('takes the Powernode poll interval and answer timeout from flags or the environment, and refuses nonsense', () => {
    expect(readRuntimeOptions(['--powernode-poll-ms', '5000', '--powernode-timeout-ms', '800'], {})).toMatchObject({
      powernodePollMs: 5000,
      powernodeTimeoutMs: 800,
    });
    expect(readRuntimeOptions([], { INCIDENT_CONSOLE_POWERNODE_POLL_MS: '30000' }).powernodePollMs).toBe(30000);
    expect(readRuntimeOptions([], {})).toMatchObject({ powernodePollMs: undefined, powernodeTimeoutMs: undefined });
    expect(() => readRuntimeOptions(['--powernode-poll-ms', '10'], {})).toThrow(/--powernode-poll-ms must be a whole number of milliseconds, at least 1000/);
    expect(() => readRuntimeOptions(['--powernode-timeout-ms', 'soon'], {})).toThrow(/--powernode-timeout-ms/);
  });

  it('ignores the flags Electron and Chromium add', () => {
    expect(() => readRuntimeOptions(['.', '--no-sandbox', '--enable-logging'], {})).not.toThrow();
  });

  it('puts data where Electron would, per OS', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe('/x/Incident Console');
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/a/AppData/Roaming' })).toContain('Incident Console');
    expect(defaultDataDir('darwin', {})).toContain('Library/Application Support/Incident Console');
  });
});
