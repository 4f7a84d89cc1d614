import { describe, expect, it } from 'vitest';
import { OwnSettingEchoes } from '../../src/renderer/src/state/own-setting-echoes';

/**
 * What one window does and sees, in order: `choose X` (its own change, shown at once and sent),
 * `fail` (that change refused), `push X` (a push from main, shown or not as OwnSettingEchoes says),
 * `shows X` (what the window shows then).
 */
const cases: Array<[string, string[]]> = [
  [
    'a push of an earlier choice, come after a later one was made, does not flick the theme back',
    ['choose light', 'choose dark', 'push light', 'shows dark', 'push dark', 'shows dark'],
  ],
  [
    'with no change of its own awaited, every push is shown: another window chose',
    ['push light', 'shows light', 'choose dark', 'push dark', 'push light', 'shows light'],
  ],
  ['a change that failed awaits no push, so the next one is shown', ['choose dark', 'fail', 'push light', 'shows light']],
  [
    'changes saved elsewhere meanwhile: what stays shown is what main saved last',
    ['choose dark', 'push light', 'push dark', 'shows dark', 'push system', 'shows system'],
  ],
];

describe('pushes of settings this window changed', () => {
  it.each(cases)('%s', (_, steps) => {
    const echoes = new OwnSettingEchoes();
    let shown = 'system';
    for (const step of steps) {
      const [action, theme] = step.split(' ') as [string, string];
      if (action === 'choose') {
        shown = theme;
        echoes.sent();
      } else if (action === 'fail') echoes.failed();
      else if (action === 'push') {
        if (echoes.shows()) shown = theme;
      } else if (action === 'shows') expect(shown, `${steps.join(', ')}: at "${step}"`).toBe(theme);
      else throw new Error(`unknown step ${step}`);
    }
  });
});
