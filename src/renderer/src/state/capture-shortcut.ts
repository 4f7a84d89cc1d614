import { useEffect } from 'react';
import { useNavigation } from './navigation';

export const TIMELINE_VIEW_ID = 'timeline';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Ctrl+K / Cmd+K from anywhere, or "/" when not typing, opens the timeline with its capture box
 * focused: a note must be one keystroke away whatever screen the operator is on.
 */
export function useCaptureShortcut(): void {
  const navigation = useNavigation();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const commandK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      if (!commandK && !slash) return;
      event.preventDefault();
      navigation.navigate(TIMELINE_VIEW_ID, { focus: 'capture', nonce: String(Date.now()) });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigation]);
}
