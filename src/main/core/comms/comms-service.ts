import { join } from 'node:path';
import type { Clock } from '../clock';
import { fileStamp } from '../files/file-stamp';
import { writePrivateFile } from '../files/private-files';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { resolveExportFolder } from '../reports/export-folder';
import { currentPostmortemFields } from '../reports/postmortem-fields';
import { customerUpdateDraft } from './customer-update';
import { bundledCadenceLevels, updateCadence, type CadenceLevels } from '../reminders/update-cadence';

export interface CommsServiceDeps {
  journal: JournalPort;
  clock: Clock;
  dataDir: string;
  /** The runbook's severity table; the bundled runbook's when omitted. */
  cadenceLevels?: CadenceLevels;
}

/** Internal update cadence, "update posted", and the customer update (draft, save, sent). */
export function createCommsHandlers(deps: CommsServiceDeps): Handlers<MethodsIn<'comms'>> {
  const cadenceLevels = deps.cadenceLevels ?? bundledCadenceLevels;
  return {
    'comms.cadence': ({ incidentId }) => updateCadence(deps.journal, deps.journal.getIncident(incidentId), deps.clock.now(), cadenceLevels()),

    // The exact text is the entry's text, so the journal shows what was said, where, and when.
    'comms.recordUpdate': ({ incidentId, text, channel, audience, subject }) =>
      deps.journal.append(incidentId, {
        kind: 'comms_sent',
        text,
        data: subject?.trim() ? { audience, channel, subject: subject.trim() } : { audience, channel },
      }),

    'comms.customerDraft': ({ incidentId }) =>
      customerUpdateDraft(deps.journal.getIncident(incidentId), currentPostmortemFields(deps.journal.allEntries(incidentId))),

    'comms.saveCustomerUpdate': ({ incidentId, subject, body, folder }) => {
      deps.journal.getIncident(incidentId);
      const target = resolveExportFolder(folder, deps.dataDir, incidentId);
      const path = join(target, `customer-update-${fileStamp(deps.clock.now())}.txt`);
      writePrivateFile(path, `Subject: ${subject}\n\n${body}\n`, `save the customer update in ${target}`);
      return { path };
    },
  };
}
