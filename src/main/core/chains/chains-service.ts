import { basename, join } from 'node:path';
import { MAX_BUNDLE_FILE_BYTES } from '../../../shared/chain-exchange-schemas';
import { ConsoleError } from '../../../shared/errors';
import { shortFingerprint } from '../../../shared/evidence-statements';
import type { Clock } from '../clock';
import type { CheckpointPort } from '../evidence/evidence-service';
import { readRegularFile } from '../files/bounded-read';
import { fileStamp } from '../files/file-stamp';
import { writePrivateFile } from '../files/private-files';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { defaultExportFolder } from '../reports/export-folder';
import { joinCode, parseJoinCode } from './join-code';
import { parseResponderBundle, responderBundle, serializeResponderBundle } from './responder-bundle';

export interface ChainsDeps {
  journal: JournalPort;
  clock: Clock;
  dataDir: string;
  checkpoints: CheckpointPort;
}

/**
 * Several responders on one incident (issue 17): share an incident as a join code, join one,
 * export this console's chain (or every chain held) as a responder bundle, import one.
 */
export function createChainsHandlers(deps: ChainsDeps): Handlers<MethodsIn<'chains'>> {
  const now = () => deps.clock.now();

  return {
    'chains.share': async ({ incidentId }) => {
      const incident = deps.journal.getIncident(incidentId);
      const signing = await deps.checkpoints.signing();
      if (!signing.keyFingerprint || !signing.publicKey) {
        throw new ConsoleError(
          'EVIDENCE_UNSIGNED',
          `A join code names this console's device key, and this run has none (${signing.unsignedBecause ?? 'no keychain'}): responders could not check whose incident they join.`,
        );
      }
      const code = joinCode({
        v: 1,
        incident: { id: incident.id, title: incident.title, detectedBy: incident.detectedBy, startedAt: incident.startedAt, drill: incident.drill },
        commander: { deviceId: signing.deviceId, publicKey: signing.publicKey, fingerprint: signing.keyFingerprint },
      });
      const path = join(defaultExportFolder(deps.dataDir, incidentId), 'join-code.txt');
      writePrivateFile(path, `${code}\n`, 'write the join code');
      return { code, path, fingerprint: shortFingerprint(signing.keyFingerprint) };
    },

    'chains.join': ({ code }) => {
      const payload = parseJoinCode(code);
      return deps.journal.joinIncident({ incidentId: payload.incident.id, ...payload.incident, commander: payload.commander });
    },

    'chains.exportBundle': async ({ incidentId, scope }) => {
      const signing = await deps.checkpoints.signing();
      // The bundle's own chain ends with a checkpoint stating the other chains' heads: what it carries is signed.
      await deps.checkpoints.checkpoint(incidentId, 'export');
      const exported = deps.journal.exportChains(incidentId, { ownOnly: scope === 'own' });
      const at = now();
      const bundle = responderBundle(exported, { device: signing.deviceId, fingerprint: signing.keyFingerprint }, at.toISOString());
      const folder = defaultExportFolder(deps.dataDir, incidentId);
      const name = `responder-bundle-${signing.deviceId.slice(0, 8)}-${fileStamp(at)}.json`;
      writePrivateFile(join(folder, name), serializeResponderBundle(bundle), 'write the responder bundle');
      const own = exported.chains.find((chain) => chain.device === signing.deviceId);
      deps.journal.append(incidentId, {
        kind: 'export_made',
        text: `Responder bundle exported: ${exported.entries.length} entries of ${exported.chains.length === 1 ? 'this console’s chain' : `${exported.chains.length} chains`} (${name})`,
        data: { folder, files: [name], chainHead: own?.headHash ?? '' },
      });
      return { path: join(folder, name), entryCount: exported.entries.length, chains: exported.chains };
    },

    'chains.importBundle': (input) => {
      const text = 'text' in input ? input.text : readRegularFile(input.path, MAX_BUNDLE_FILE_BYTES, 'read the responder bundle').toString('utf8');
      const bundle = parseResponderBundle(text);
      const incident = deps.journal.getIncident(input.incidentId);
      if (bundle.incident.id !== incident.id) {
        throw new ConsoleError(
          'BUNDLE_INVALID',
          `This bundle is of another incident ("${bundle.incident.title}", ${bundle.incident.id}), not of "${incident.title}". Nothing was changed; open that incident (or join it) and import it there.`,
        );
      }
      const source = `bundle from device ${bundle.from.device.slice(0, 8)}${'path' in input ? ` (${basename(input.path)})` : ''}`;
      try {
        return deps.journal.importChains(incident.id, { entries: bundle.entries, deviceKeys: bundle.deviceKeys, source });
      } catch (error) {
        // A bundle that does not verify is on record, with why, though nothing of it was taken.
        if (error instanceof ConsoleError && error.code === 'CHAINS_REFUSED') {
          deps.journal.append(incident.id, { kind: 'note', text: `Responder ${source} refused: ${error.message}`, data: {} });
        }
        throw error;
      }
    },
  };
}
