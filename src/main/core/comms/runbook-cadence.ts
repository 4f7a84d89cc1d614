import bundledRunbookData from '../../../../resources/runbooks/powernode.json';
import type { CadenceLevel } from '../../../shared/comms-cadence';
import { validateRunbook } from '../runbook/runbook-loader';

/** Where comms reads the runbook's severity table from; the app may hand in the active runbook's. */
export type CadenceLevels = () => readonly CadenceLevel[];

let bundled: readonly CadenceLevel[] | undefined;

/** The shipped runbook's table, validated once. */
export const bundledCadenceLevels: CadenceLevels = () => (bundled ??= validateRunbook(bundledRunbookData, 'The bundled runbook').severities);
