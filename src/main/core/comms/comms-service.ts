import { join } from 'node:path';
import type { Clock } from '../clock';
import { fileStamp } from '../files/file-stamp';
import { writePrivateFile } from '../files/private-files';
import type { Handlers, MethodsIn } from '../handlers';
import type { CheckpointPort } from '../evidence/evidence-service';
import type { JournalPort } from '../journal/journal-port';
import { resolveExportFolder } from '../reports/export-folder';
import { currentPostmortemFields, POSTMORTEM_FIELD_KINDS } from '../reports/postmortem-fields';
import { customerUpdateDraft } from './customer-update';
import { bundledCadenceLevels, updateCadence, type CadenceLevels } from '../reminders/update-cadence';

export interface CommsServiceDeps {
  journal: JournalPort;
  clock: Clock;
  dataDir: string;
  /** The runbook's severity table; the bundled runbook's when omitted. */
  cadenceLevels?: CadenceLevels;
  /** Checkpoints at each update (the app always has them); without, updates are journaled as they are. */
  checkpoints?: CheckpointPort;
}

/** How a posted update quotes the checkpoint made for it: the last line of the text pasted in the war room. */
export const witnessLine = (fingerprint: string): string => `Journal checkpoint: ${fingerprint}`;
const QUOTED_FINGERPRINT = /\bIC-[0-9a-f]{8}\b/;

/** Internal update cadence, "update posted", and the customer update (draft, save, sent). */
export function createCommsHandlers(deps: CommsServiceDeps): Handlers<MethodsIn<'comms'>> {
  const cadenceLevels = deps.cadenceLevels ?? bundledCadenceLevels;
  return {
    'comms.cadence': ({ incidentId }) => updateCadence(deps.journal, deps.journal.getIncident(incidentId), deps.clock.now(), cadenceLevels()),

    // The exact text is the entry's text, so the journal shows what was said, where, and when. An
    // internal update first gets a checkpoint (the latest one when nothing was recorded since),
    // whose fingerprint ends the text: everyone who reads it in the war room is then a witness of
    // the journal as it stood. A customer update is followed by one, so the journal is signed with
    // exactly what was sent.
    'comms.recordUpdate': async ({ incidentId, text, channel, audience, subject }) => {
      const made = audience === 'internal' ? await deps.checkpoints?.witness(incidentId, 'update_posted') : undefined;
      const posted = made ? `${text.replace(/\s+$/, '')}\n\n${witnessLine(made.fingerprint)}` : text;
      const witness = made?.fingerprint ?? QUOTED_FINGERPRINT.exec(text)?.[0];
      const entry = deps.journal.append(incidentId, {
        kind: 'comms_sent',
        text: posted,
        data: {
          audience,
          channel,
          ...(subject?.trim() ? { subject: subject.trim() } : {}),
          ...(witness ? { witness } : {}),
          ...(made ? { checkpoint: made.entry.id } : {}),
        },
      });
      if (audience === 'customer') await deps.checkpoints?.checkpoint(incidentId, 'customer_update_sent');
      return entry;
    },

    'comms.customerDraft': async ({ incidentId }) => {
      const incident = deps.journal.getIncident(incidentId);
      const witness = await deps.checkpoints?.witness(incidentId, 'customer_update_drafted').then(
        (made) => ({ fingerprint: made.fingerprint, signed: made.signed }),
        // A journal that cannot be written has no new checkpoint to quote: the draft goes without a reference.
        () => null,
      );
      return customerUpdateDraft(incident, currentPostmortemFields(deps.journal.entriesOfKinds(incidentId, POSTMORTEM_FIELD_KINDS)), witness ?? null);
    },

    'comms.saveCustomerUpdate': ({ incidentId, subject, body, folder }) => {
      deps.journal.getIncident(incidentId);
      const target = resolveExportFolder(folder, deps.dataDir, incidentId);
      const path = join(target, `customer-update-${fileStamp(deps.clock.now())}.txt`);
      writePrivateFile(path, `Subject: ${subject}\n\n${body}\n`, `save the customer update in ${target}`);
      return { path };
    },
  };
}
