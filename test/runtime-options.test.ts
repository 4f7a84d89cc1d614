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

  it('ignores the flags Electron and Chromium add', () => {
    expect(() => readRuntimeOptions(['.', '--no-sandbox', '--enable-logging'], {})).not.toThrow();
  });

  it('puts data where Electron would, per OS', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe('/x/Incident Console');
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/a/AppData/Roaming' })).toContain('Incident Console');
    expect(defaultDataDir('darwin', {})).toContain('Library/Application Support/Incident Console');
  });
});
