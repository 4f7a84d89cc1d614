import { initialSchema } from './0001-initial';
import { erasableSearchIndex } from './0002-erasable-search-index';
import { drills } from './0004-drills';
import type { Migration } from './migration';

/**
 * In order; a new migration is a new file and one line here, never an edit of an old one. Version 3
 * is taken by the evidence work (device keys, signed checkpoints) on its own branch; until it lands
 * here the list skips it, and a journal goes from 2 to 4 (see RESERVED_VERSIONS).
 */
export const migrations: readonly Migration[] = [initialSchema, erasableSearchIndex, drills];

/** Versions another branch has claimed and not yet brought here: the order test allows their gap, and nothing else may take them. */
export const RESERVED_VERSIONS: readonly number[] = [3];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
