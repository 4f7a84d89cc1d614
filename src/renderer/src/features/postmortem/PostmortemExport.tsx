import { useEffect, useState } from 'react';
import type { ExportResult } from '../../../../shared/comms-schemas';
import { shortFingerprint } from '../../../../shared/evidence-statements';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';

/** One click: Markdown, the signed JSON bundle, HTML, the two verifiers (and PDF in the desktop app) into a folder. */
export function PostmortemExport({ incidentId, defaultFolder, onExported }: { incidentId: string; defaultFolder: string; onExported: () => void }) {
  const client = useClient();
  const [folder, setFolder] = useState(defaultFolder);
  const [result, setResult] = useState<ExportResult>();
  // A new incident starts from its own default folder; a reload after an export keeps the result shown.
  useEffect(() => {
    setFolder(defaultFolder);
    setResult(undefined);
  }, [incidentId, defaultFolder]);

  const { busy, error, run } = useAction(async () => {
    setResult(await client.call('postmortem.export', { incidentId, folder }));
    onExported();
  });

  return (
    <div className="comms-form">
      <div className="comms-row">
        <label className="field comms-grow">
          <span>Folder (full path)</span>
          <input type="text" value={folder} onChange={(event) => setFolder(event.target.value)} className="mono" aria-label="Export folder" />
        </label>
        <button type="button" className="button primary" onClick={() => void run()} disabled={busy || !folder.trim()}>
          {busy ? 'Exporting…' : 'Export post-mortem'}
        </button>
      </div>
      <ErrorText error={error} />
      {result && (
        <div className="pm-result" role="status">
          <p className="comms-ok">
            Wrote {result.files.length} files from {result.entryCount} journal entries in {Math.round(result.elapsedMs)} ms. Chain head{' '}
            <code title={result.chainHead}>{result.chainHead.slice(0, 16)}…</code>
          </p>
          <ul aria-label="Written files">
            {result.files.map((file) => (
              <li key={file.name} className="mono">
                {file.path} <span className="muted">({file.bytes.toLocaleString()} bytes)</span>
              </li>
            ))}
          </ul>
          {result.checkpoint ? (
            <p data-testid="export-checkpoint">
              The bundle ends with checkpoint #{result.checkpoint.seq} <strong className="mono">{result.checkpoint.fingerprint}</strong>,{' '}
              {result.keyFingerprint ? (
                <>
                  signed by device key <strong className="mono">{shortFingerprint(result.keyFingerprint)}</strong> (the one on the Overview).
                </>
              ) : (
                <>
                  <strong>unsigned</strong>: this run has no device key (the Overview says why), so the bundle proves only that it is consistent with itself.
                </>
              )}
            </p>
          ) : (
            <p className="notice notice-warning" role="note">
              The bundle has no export checkpoint: the journal could not be written, so nothing in this export is signed.
            </p>
          )}
          {result.pdfNote && <p className="muted">{result.pdfNote}</p>}
          {result.journalNote && (
            <p className="notice notice-warning" role="note">
              {result.journalNote}
            </p>
          )}
          <p className="muted">
            Anyone can check it with nothing installed: open <code>verify.html</code> from the folder in a browser (offline is fine) and choose the bundle, or
            run <code>node verify-bundle.mjs</code> there.
          </p>
        </div>
      )}
    </div>
  );
}
