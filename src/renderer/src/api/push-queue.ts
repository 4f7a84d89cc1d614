import { throwApart } from './throw-apart';

/** The Prioritized Task Scheduling API (Chromium, so both Electron and browser mode); not yet in TypeScript's DOM types. */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'user-blocking' | 'user-visible' | 'background' }): Promise<void>;
}

/** The longest a push waits for the page to be idle: a status pushed (the kill switch's) is shown within it. */
const LATEST_MS = 100;

/** Whether the page is hidden (a minimised window, a background tab); without a document (Node) it counts as shown. */
const pageHidden = (): boolean => (globalThis as { document?: { visibilityState?: string } }).document?.visibilityState === 'hidden';

/**
 * Pushes handed to their listeners in a task of their own, in the order they came. A push often
 * arrives together with the answer of the page's own call (an append's answer and its
 * `journal.appended`): handled where it arrives, its reloads and renders ran before that answer
 * was even read, so the note the operator just typed waited for them to be shown as recorded.
 */
export class PushQueue {
  private queued: Array<() => void> = [];
  private scheduled = false;

  /** `report` is told of a listener that threw; the pushes after it are still delivered. */
  constructor(private readonly report: (error: unknown) => void = throwApart) {}

  /**
   * Subscribes through `subscribe`, whose listener hands each push to `deliver`; once the returned
   * function is called, pushes still queued for this subscription are dropped, as unsubscribing promises.
   */
  listen(subscribe: (deliver: (push: () => void) => void) => () => void): () => void {
    let subscribed = true;
    const unsubscribe = subscribe((push) =>
      this.defer(() => {
        if (subscribed) push();
      }),
    );
    return () => {
      subscribed = false;
      unsubscribe();
    };
  }

  private defer(deliver: () => void): void {
    this.queued.push(deliver);
    // A hidden page paints nothing, and its timers are throttled: its pushes (a reminder's notification) go as they come.
    if (pageHidden()) return this.drain();
    if (this.scheduled) return;
    this.scheduled = true;
    const drain = () => this.drain();
    const { scheduler } = globalThis as { scheduler?: TaskScheduler };
    if (scheduler) {
      // After the page's other work (answers being read, frames), and never later than LATEST_MS.
      void scheduler.postTask(drain, { priority: 'background' });
      setTimeout(drain, LATEST_MS);
    } else {
      setTimeout(drain, 0);
    }
  }

  /** Delivers what is queued; a second wake-up for the same batch (its fallback timer) finds nothing. */
  private drain(): void {
    const batch = this.queued;
    this.queued = [];
    this.scheduled = false;
    for (const deliver of batch) {
      try {
        deliver();
      } catch (error) {
        this.report(error);
      }
    }
  }
}
