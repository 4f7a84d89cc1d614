// Deliberately wrong: linted as if it lived in src/shared (which may import only zod and itself).
import Database from 'better-sqlite3';
import { request } from 'undici';

export const both = [Database, request];
