// Deliberately wrong: linted as if it lived in src/renderer.
import { readFileSync } from 'node:fs';
import { composeCore } from '../../main/core/compose-core';

export const both = [readFileSync, composeCore];
