import { useRef, useState } from 'react';
import type { ImportResult } from '../../../../shared/chain-exchange-schemas';
import { MAX_BUNDLE_TEXT_CHARS } from '../../../../shared/chain-exchange-schemas';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';
import './responders.css';

type Done =
  | { kind: 'shared'; code: string; path: string; fingerprint: string }
  | { kind: 'exported'; path: string; entryCount: number; chains: number }
  | { kind: 'imported'; result: ImportResult };

/**
 * Several responders on one incident, from wherever the operator is (the timeline's header; the
 * Team screen mounts it too): share the incident as a join code, write this console's part as a
 * responder bundle, import one. Every chain and signature of an import is verified by main first.
 */
export function ResponderExchange({ incidentId, canWrite }: { incidentId: string; canWrite: boolean }) {
  const client = useClient();
  const file = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const [done, setDone] = useState<Done>();
  const share = useAction(async () => setDone({ kind: 'shared', ...(await client.call('chains.share', { incidentId })) }));
  const exportBundle = useAction(async (scope: 'own' | 'all') => {
    const result = await client.call('chains.exportBundle', { incidentId, scope });
    setDone({ kind: 'exported', path: result.path, entryCount: result.entryCount, chains: result.chains.length });
  });
  const importBundle = useAction(async (input: { text: string } | { path: string }) => {
    setDone({ kind: 'imported', result: await client.call('chains.importBundle', { incidentId, ...input }) });
  });
  const [fileProblem, setFileProblem] = useState<string>();

  const importFile = async () => {
    setFileProblem(undefined);
    const chosen = file.current?.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BUNDLE_TEXT_CHARS) {
      setFileProblem(`This file is ${Math.ceil(chosen.size / 1024 / 1024)} MB: give its path below instead (the console reads up to 64 MB from a path).`);
      return;
    }
    await importBundle.run({ text: await chosen.text() });
    if (file.current) file.current.value = '';
  };

  const error = share.error ?? exportBundle.error ?? importBundle.error;
  const busy = share.busy || exportBundle.busy || importBundle.busy;
  return (
    <section className="responder-exchange" aria-label="Responders: share and exchange">
      <div className="responder-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void share.run()}>
          Share incident (join code)
        </button>
        <button type="button" className="button" disabled={busy || !canWrite} onClick={() => void exportBundle.run('own')}>
          Export my entries
        </button>
        <button type="button" className="button" disabled={busy || !canWrite} onClick={() => void exportBundle.run('all')}>
          Export all chains
        </button>
        <label className="responder-file">
          Import responder bundle{' '}
          <input ref={file} type="file" accept=".json,application/json" disabled={busy || !canWrite} onChange={() => void importFile()} />
        </label>
        <form
          className="responder-path"
          onSubmit={(event) => {
            event.preventDefault();
            if (path.trim()) void importBundle.run({ path: path.trim() });
          }}
        >
          <label>
            or its path <input type="text" value={path} onChange={(event) => setPath(event.target.value)} placeholder="/home/…/responder-bundle-….json" />
          </label>
          <button type="submit" className="button" disabled={busy || !canWrite || !path.trim()}>
            Import
          </button>
        </form>
      </div>
      {fileProblem && <p role="alert">{fileProblem}</p>}
      <ErrorText error={error} />
      {done && <Outcome done={done} />}
    </section>
  );
}

function Outcome({ done }: { done: Done }) {
  if (done.kind === 'shared') {
    return (
      <div role="status" className="responder-outcome" data-testid="join-code">
        <p>
          Give responders this join code (also in <span className="mono">{done.path}</span>). They compare the key{' '}
          <strong className="mono">{done.fingerprint}</strong> with this console’s Overview.
        </p>
        <textarea readOnly className="mono join-code" value={done.code} rows={2} onFocus={(event) => event.target.select()} aria-label="Join code" />
      </div>
    );
  }
  if (done.kind === 'exported') {
    return (
      <p role="status" className="responder-outcome" data-testid="bundle-written">
        Responder bundle written: <span className="mono">{done.path}</span> ({done.entryCount} entries,{' '}
        {done.chains === 1 ? 'this console’s chain' : `${done.chains} chains`}, readable by you only). Carry it to the other console and import it there.
      </p>
    );
  }
  const { result } = done;
  return (
    <div className="responder-outcome" data-testid="bundle-imported">
      <p role="status">
        Imported {result.added} new {result.added === 1 ? 'entry' : 'entries'}
        {result.alreadyHad > 0 ? `; ${result.alreadyHad} were here already` : ''}. Every chain and signature was verified first.
      </p>
      {result.refused.map((refusal) => (
        <p key={refusal.device} role="alert" className={refusal.reason === 'gap' ? 'responder-warning' : 'responder-alarm'}>
          {refusal.reason === 'gap' ? 'Not taken: ' : 'TAMPERING ALARM: '}
          {refusal.message}
          {refusal.reason !== 'gap' ? ' The alarm is journaled.' : ''}
        </p>
      ))}
    </div>
  );
}
