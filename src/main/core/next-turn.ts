/**
 * Resolves after the event loop has turned once, I/O included: long work awaits it between two
 * parts so that a call arriving meanwhile (the kill switch, a note) is answered before the next.
 */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
