// Deliberately wrong: linted as if it lived in src/main/core (which never reaches up into the Electron shell).
import { createMainWindow } from '../window';

export const open = createMainWindow;
