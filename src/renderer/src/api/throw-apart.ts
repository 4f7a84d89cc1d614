/**
 * An error of a listener or a continuation, thrown again in a task of its own: it stays an uncaught
 * error the page reports, while the queue it came from (pushes, appends) goes on with the next.
 */
export function throwApart(error: unknown): void {
  setTimeout(() => {
    throw error;
  }, 0);
}
