import { useEffect } from 'react';
import { useCurrentIncident } from '../../state/current-incident';
import { useNavigation } from '../../state/navigation';

export const TIMELINE_VIEW_ID = 'timeline';

/** Navigation params that land on the timeline with the capture box focused (the nonce re-focuses on repeat). */
export const focusCaptureParams = (): Record<string, string> => ({ focus: 'capture', nonce: String(Date.now()) });

/** Makes an incident current and shows its timeline, optionally ready for a note. */
export function useOpenIncidentTimeline(): (incidentId: string, options?: { focusCapture?: boolean }) => void {
  const { setIncidentId } = useCurrentIncident();
  const navigation = useNavigation();
  return (incidentId, options = {}) => {
    setIncidentId(incidentId);
    navigation.navigate(TIMELINE_VIEW_ID, options.focusCapture ? focusCaptureParams() : {});
  };
}

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
      navigation.navigate(TIMELINE_VIEW_ID, focusCaptureParams());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigation]);
}
