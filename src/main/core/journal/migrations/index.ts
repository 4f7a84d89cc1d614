import { initialSchema } from './0001-initial';
import { erasableSearchIndex } from './0002-erasable-search-index';
import { deviceEvidence } from './0003-device-evidence';
import { drills } from './0004-drills';
import { deviceChains } from './0005-device-chains';
import type { Migration } from './migration';

/** In order; a new migration is a new file and one line here, never an edit of an old one. */
export const migrations: readonly Migration[] = [initialSchema, erasableSearchIndex, deviceEvidence, drills, deviceChains];

/** Versions another branch has claimed and not yet brought here: the order test allows their gap, and nothing else may take them. */
export const RESERVED_VERSIONS: readonly number[] = [];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
