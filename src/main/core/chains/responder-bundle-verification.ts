import { ConsoleError, errorMessage } from '../../../shared/errors';
import { shortFingerprint } from '../../../shared/evidence-statements';
import { checkOfferedChains, NOTHING_HELD } from '../journal/chain-offer';
import { responderBundleOf } from './responder-bundle';

/** What `npm run verify` says of a responder bundle: every chain walked from genesis, with its head and signed checkpoints. */
export interface ResponderBundleReport {
  ok: boolean;
  lines: string[];
}

/**
 * A responder bundle checked alone, with the same code an importing console runs first: each
 * chain must be whole (from seq 1 to the head the file lists for it), every link, body and
 * signature must hold. `raw` is the file's JSON, parsed.
 */
export function verifyResponderBundle(raw: unknown): ResponderBundleReport {
  try {
    const bundle = responderBundleOf(raw);
    const chains = checkOfferedChains(bundle.incident.id, bundle.entries, bundle.deviceKeys, NOTHING_HELD);
    const listed = new Map(bundle.chains.map((chain) => [chain.device, chain]));
    const lines = [
      `VERIFIED: responder bundle of incident "${bundle.incident.title}" (${bundle.incident.id}), ${chains.length} ${chains.length === 1 ? 'chain' : 'chains'}:`,
    ];
    for (const chain of chains) {
      const last = chain.entries.at(-1)!;
      const head = listed.get(chain.device);
      if (chain.entries[0]!.seq !== 1) throw new ConsoleError('CHAINS_REFUSED', `Device ${chain.device}'s chain does not start at entry 1.`);
      if (!head || head.length !== last.seq || head.headHash !== last.hash) {
        throw new ConsoleError(
          'CHAINS_REFUSED',
          `Device ${chain.device}'s chain does not end at the head the bundle lists for it (entries missing or head changed).`,
        );
      }
      const signed = chain.entries.filter((entry) => entry.kind === 'checkpoint' && (entry.data as { signature?: unknown } | null)?.signature);
      const keys = chain.newKeys.map((key) => shortFingerprint(key.fingerprint)).join(', ') || 'no key';
      lines.push(`- device ${chain.device}: ${last.seq} entries, head ${last.hash}; ${signed.length} signed checkpoints (key ${keys})`);
    }
    for (const listedDevice of listed.keys()) {
      if (!chains.some((chain) => chain.device === listedDevice))
        throw new ConsoleError('CHAINS_REFUSED', `The bundle lists device ${listedDevice}'s chain but holds none of it.`);
    }
    lines.push(
      'Proven: each chain is consistent with itself and its signed checkpoints; not proven: that a device key belongs to whom you think (compare fingerprints).',
    );
    return { ok: true, lines };
  } catch (error) {
    // Checked alone, nothing was going to be imported: the reason stands by itself.
    return { ok: false, lines: [`FAILED: ${errorMessage(error).replace(/ Nothing was imported\.$/, '')}`] };
  }
}
