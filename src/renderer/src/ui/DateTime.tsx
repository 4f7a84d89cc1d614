import { formatLocal, formatUtc } from '../format/time';

/** Full date and local time, with UTC on hover: what the journal design asks of every time shown. */
export function DateTime({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {formatLocal(iso)}
    </time>
  );
}
