import { describe, expect, it } from 'vitest';
import { ShortcutRegistry, type KeyPress, type ShortcutBinding } from '../../src/renderer/src/state/shortcuts';

function press(key: string, options: Partial<Omit<KeyPress, 'key' | 'preventDefault'>> = {}): KeyPress & { prevented: boolean } {
  const event = {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: { tagName: 'BODY' },
    prevented: false,
    ...options,
    preventDefault: () => (event.prevented = true),
  };
  return event;
}
const field = { tagName: 'TEXTAREA' };

/** The page's shortcuts as App registers them, recording what each one did. */
function pageShortcuts() {
  const done: string[] = [];
  const registry = new ShortcutRegistry();
  const bindings: ShortcutBinding[] = [
    ...['1', '2', '3'].map((digit): ShortcutBinding => [{ key: digit, alt: true, inFields: true }, () => done.push(`screen ${digit}`)]),
    [{ key: 'k', mod: true, inFields: true }, () => done.push('capture')],
    [{ key: '/' }, () => done.push('capture')],
  ];
  registry.add(() => bindings);
  return { registry, done };
}

describe('the shortcut registry', () => {
  it('Alt+digit opens a screen from anywhere, even from a field; the key is kept from the page', () => {
    const { registry, done } = pageShortcuts();
    const fromField = press('3', { altKey: true, target: field });
    expect(registry.handle(press('2', { altKey: true }))).toBe(true);
    expect(registry.handle(fromField)).toBe(true);
    expect(done).toEqual(['screen 2', 'screen 3']);
    expect(fromField.prevented).toBe(true);
    // Ctrl+Alt+2 and a plain 2 are not screen shortcuts.
    expect(registry.handle(press('2', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(registry.handle(press('2'))).toBe(false);
  });

  it('Ctrl+K or Cmd+K goes to quick capture from anywhere; "/" only when not typing', () => {
    const { registry, done } = pageShortcuts();
    registry.handle(press('k', { ctrlKey: true, target: field }));
    registry.handle(press('K', { metaKey: true }));
    registry.handle(press('/'));
    const typedSlash = press('/', { target: field });
    expect(registry.handle(typedSlash)).toBe(false);
    expect(typedSlash.prevented).toBe(false);
    expect(registry.handle(press('/', { target: { tagName: 'DIV', isContentEditable: true } }))).toBe(false);
    expect(registry.handle(press('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(done).toEqual(['capture', 'capture', 'capture']);
  });

  it('a group added later is asked first, and is gone once removed (an open menu and its Escape)', () => {
    const { registry, done } = pageShortcuts();
    expect(registry.handle(press('Escape'))).toBe(false);
    const close = registry.add(() => [[{ key: 'Escape', inFields: true }, () => done.push('menu closed')]]);
    expect(registry.handle(press('Escape', { target: field }))).toBe(true);
    close();
    expect(registry.handle(press('Escape'))).toBe(false);
    expect(done).toEqual(['menu closed']);
  });
});
