/**
 * Setting changes this window sent whose pushes have not come back yet. Main pushes `app.settings`
 * once per save, in the order it saved, each with every setting as saved then. A push that comes
 * while a later change of this window is still awaited says what was saved before that change, so
 * it is not shown: showing it flicked the theme back to the one chosen before (the desktop-shell
 * e2e test caught it). The push of this window's latest change, and every push after it, is shown,
 * so what stays shown is what main saved last (a push of another window's change, come while one of
 * this window's is awaited, is counted as that one's).
 */
export class OwnSettingEchoes {
  private awaited = 0;

  /** A change was sent to main. */
  sent(): void {
    this.awaited += 1;
  }

  /** A change failed: main may have saved nothing, and then pushes nothing for it. */
  failed(): void {
    this.awaited = Math.max(0, this.awaited - 1);
  }

  /** Whether a push that has just come is to be shown. */
  shows(): boolean {
    if (this.awaited === 0) return true;
    this.awaited -= 1;
    return this.awaited === 0;
  }
}
