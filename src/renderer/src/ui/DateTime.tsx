import { formatInstant, formatUtc } from '../format/time';
import { LOCAL_IS_UTC, useTimeDisplay } from '../state/time-display';

/**
 * Every time the console shows: its full date and its zone named, in local time, UTC, or local
 * with UTC beside it, as the operator chose (saved in settings); the exact UTC instant on hover.
 */
export function DateTime({ iso, className }: { iso: string; className?: string }) {
  const { display } = useTimeDisplay();
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {formatInstant(iso, display, LOCAL_IS_UTC)}
    </time>
  );
}
