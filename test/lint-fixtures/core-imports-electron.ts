// Deliberately wrong: linted as if it lived in src/main/core to prove the layering rule bites.
import { app } from 'electron';

export const name = app.getName();
