import { describe, expect, it } from 'vitest';
import { OwnSettingEchoes } from '../../src/renderer/src/state/own-setting-echoes';

/** The theme a window shows: its own choice at once, then each push it is told to show. */
function windowTheme() {
  const echoes = new OwnSettingEchoes();
  let shown = 'system';
  return {
    choose(theme: string) {
      shown = theme;
      echoes.sent();
    },
    failed: () => echoes.failed(),
    push(theme: string) {
      if (echoes.shows()) shown = theme;
    },
    get shown() {
      return shown;
    },
  };
}

describe('pushes of settings this window changed', () => {
  it('a push of an earlier choice, come after a later one was made, does not flick the theme back', () => {
    const window = windowTheme();
    window.choose('light');
    window.choose('dark');
    window.push('light');
    expect(window.shown).toBe('dark');
    window.push('dark');
    expect(window.shown).toBe('dark');
  });

  it('with no change of its own awaited, every push is shown: another window chose', () => {
    const window = windowTheme();
    window.push('light');
    expect(window.shown).toBe('light');
    window.choose('dark');
    window.push('dark');
    window.push('light');
    expect(window.shown).toBe('light');
  });

  it('a change that failed awaits no push, so the next one is shown', () => {
    const window = windowTheme();
    window.choose('dark');
    window.failed();
    window.push('light');
    expect(window.shown).toBe('light');
  });

  it('changes saved elsewhere meanwhile: what stays shown is what main saved last', () => {
    const window = windowTheme();
    window.choose('dark');
    window.push('light');
    window.push('dark');
    expect(window.shown).toBe('dark');
    window.push('system');
    expect(window.shown).toBe('system');
  });
});
