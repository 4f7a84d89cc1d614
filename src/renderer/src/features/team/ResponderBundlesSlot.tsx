import { Panel } from '../../ui/Panel';

/**
 * The slot for exchanging responder bundles offline (export this console's part, import another
 * responder's, every chain verified first). Bundles come with chains per device, which are not
 * part of this build: the panel says so rather than offering buttons that do nothing.
 */
export function ResponderBundlesSlot() {
  return (
    <Panel title="Responder bundles">
      <p className="muted" data-testid="responder-bundles">
        Exporting this console's part as a bundle file, and importing another responder's, is not available in this build.
      </p>
    </Panel>
  );
}
