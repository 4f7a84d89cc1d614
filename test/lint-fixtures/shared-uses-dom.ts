// Deliberately wrong: linted as if it lived in src/shared.
import { join } from 'node:path';

export const where = join(window.location.pathname, 'x');
