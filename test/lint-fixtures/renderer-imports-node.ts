// Deliberately wrong: linted as if it lived in src/renderer.
import { readFileSync } from 'node:fs';
import { createConsole } from '../../main/core/console';

export const both = [readFileSync, createConsole];
