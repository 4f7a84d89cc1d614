// Deliberately wrong: linted as if it lived in src/preload (which may import electron and the contract only).
import { createConsole } from '../main/core/console';

export const core = createConsole;
