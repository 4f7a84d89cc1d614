// Deliberately wrong: linted as if it lived in src/preload (which may import electron and the contract only).
import { composeCore } from '../main/core/compose-core';

export const core = composeCore;
