import { createContext, useContext, useEffect, useMemo, useRef } from 'react';

/** A key the whole window answers to, wherever the focus is. */
export interface Shortcut {
  /** `KeyboardEvent.key`, compared without case; Shift is ignored unless `shift` asks for it (it makes "/" and "?" on some layouts). */
  key: string;
  /** Ctrl, or Cmd on macOS (either is accepted). */
  mod?: boolean;
  alt?: boolean;
  /** Shift must be held (Ctrl/Cmd+Shift+P, not Ctrl/Cmd+P, which prints). */
  shift?: boolean;
  /** Also while the operator types in a field; otherwise the key is left to the field. */
  inFields?: boolean;
  /** What it does, for the shortcuts overlay (`?`); bindings without one are not listed there. */
  description?: string;
}

export type ShortcutBinding = readonly [shortcut: Shortcut, run: () => void];

/** What the registry reads of a key press (a KeyboardEvent, or a plain object in tests). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  target: unknown;
  preventDefault(): void;
}

function isTyping(target: unknown): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target)) return false;
  const element = target as { tagName: string; isContentEditable?: boolean };
  return element.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function matches(shortcut: Shortcut, press: KeyPress): boolean {
  if (press.key.toLowerCase() !== shortcut.key.toLowerCase()) return false;
  if ((press.ctrlKey || press.metaKey) !== (shortcut.mod ?? false)) return false;
  if (press.altKey !== (shortcut.alt ?? false)) return false;
  if (shortcut.shift && !press.shiftKey) return false;
  return shortcut.inFields === true || !isTyping(press.target);
}

/**
 * Every keyboard shortcut of the page in one place, behind one keydown listener: the screens
 * (Alt+digit), quick capture (Ctrl/Cmd+K, "/"), and what an open menu adds (Escape). Groups
 * added later are asked first, so an open menu's Escape comes before anything else.
 */
export class ShortcutRegistry {
  private readonly groups: Array<() => readonly ShortcutBinding[]> = [];

  /** Adds a group of bindings, read each time a key is pressed (so they may change); returns its removal. */
  add(group: () => readonly ShortcutBinding[]): () => void {
    this.groups.unshift(group);
    return () => {
      const index = this.groups.indexOf(group);
      if (index >= 0) this.groups.splice(index, 1);
    };
  }

  /** The bindings in force that say what they do, first-asked first, each key once (what `?` lists). */
  describe(): Array<{ keys: string; description: string }> {
    const seen = new Set<string>();
    const listed: Array<{ keys: string; description: string }> = [];
    for (const group of this.groups) {
      for (const [shortcut] of group()) {
        const keys = keysText(shortcut);
        if (!shortcut.description || seen.has(keys)) continue;
        seen.add(keys);
        listed.push({ keys, description: shortcut.description });
      }
    }
    return listed.reverse();
  }

  /** Runs the binding the key press names, if any, and keeps the key from the page; true when one ran. */
  handle(press: KeyPress): boolean {
    for (const group of [...this.groups]) {
      const binding = group().find(([shortcut]) => matches(shortcut, press));
      if (binding) {
        press.preventDefault();
        binding[1]();
        return true;
      }
    }
    return false;
  }
}

/** "Ctrl/Cmd+Shift+P", "Alt+3", "?": how a shortcut is written for the operator. */
export function keysText(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return [shortcut.mod && 'Ctrl/Cmd', shortcut.alt && 'Alt', shortcut.shift && 'Shift', shortcut.key === '?' || shortcut.key === '/' ? shortcut.key : key]
    .filter(Boolean)
    .join('+');
}

export const ShortcutsContext = createContext<ShortcutRegistry | undefined>(undefined);

/** The window's registry, listening for as long as the component that made it is mounted. */
export function useShortcutRegistry(): ShortcutRegistry {
  const registry = useMemo(() => new ShortcutRegistry(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => void registry.handle(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry]);
  return registry;
}

/** Binds shortcuts while `enabled` (the latest `bindings` are used; a registry may be given where no context is yet). */
export function useShortcuts(bindings: readonly ShortcutBinding[], options: { enabled?: boolean; registry?: ShortcutRegistry } = {}): void {
  const fromContext = useContext(ShortcutsContext);
  const registry = options.registry ?? fromContext;
  const enabled = options.enabled ?? true;
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.add(() => latest.current);
  }, [registry, enabled]);
}
