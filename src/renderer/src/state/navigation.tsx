import { createContext, useContext } from 'react';

/** Lets any screen send the operator to another (a checklist step opening Diagnostics, say). */
export interface Navigation {
  viewId: string;
  navigate: (viewId: string, params?: Record<string, string>) => void;
  /** Parameters the last navigate() passed to the current view (e.g. a command id to preselect). */
  params: Record<string, string>;
}

export const NavigationContext = createContext<Navigation | undefined>(undefined);

export function useNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('useNavigation outside NavigationContext');
  return value;
}
