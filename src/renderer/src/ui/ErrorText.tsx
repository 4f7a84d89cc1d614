import { errorMessage, type ConsoleError } from '../../../shared/errors';

/** A failure, in the words main or the console gave it, announced at once (role="alert"); nothing when there is none. */
export function ErrorText({ error, className, id, testId }: { error: ConsoleError | string | undefined; className?: string; id?: string; testId?: string }) {
  if (!error) return null;
  return (
    <p id={id} className={className ? `error-text ${className}` : 'error-text'} role="alert" data-testid={testId}>
      {errorMessage(error)}
    </p>
  );
}
