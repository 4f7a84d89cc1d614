// Allowed in src/main/core: Node built-ins, its native and HTTP packages, zod, shared and itself.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { z } from 'zod';
import { ConsoleError } from '../../shared/errors';
import { systemClock } from './clock';

export const all = [readFileSync, Database, request, z, ConsoleError, systemClock];
