import type { SetAsideFile } from '../../../shared/app-schemas';
import type { EventBus } from '../event-bus';

/** What a side-file reader tells when it had to move a file aside. */
export type SetAsideReporter = (file: SetAsideFile) => void;

/**
 * Every file set aside since start, for the banner: kept here (a page loaded later still sees
 * what happened at startup) and pushed as `app.setAside` when it happens while the app runs.
 */
export class SetAsideLog {
  private readonly files: SetAsideFile[] = [];

  constructor(private readonly events: EventBus) {}

  readonly report: SetAsideReporter = (file) => {
    this.files.push(file);
    this.events.emit('app.setAside', file);
  };

  list(): SetAsideFile[] {
    return [...this.files];
  }
}
