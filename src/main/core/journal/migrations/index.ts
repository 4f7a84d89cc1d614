import { initialSchema } from './0001-initial';
import { erasableSearchIndex } from './0002-erasable-search-index';
import { deviceEvidence } from './0003-device-evidence';
import type { Migration } from './migration';

/** In order; a new migration is a new file and one line here, never an edit of an old one. */
export const migrations: readonly Migration[] = [initialSchema, erasableSearchIndex, deviceEvidence];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
