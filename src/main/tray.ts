import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { Incident } from '../shared/model';
import type { KillSwitchState } from '../shared/powernode-schemas';
import type { EventBus } from './core/event-bus';
import { trayIconPng } from './tray-icon';
import { applyEvent, applyIncidents, applyKillSwitch, emptyTrayState, SEVERITY_COLOURS, summarizeTray, type TraySummary } from './tray-state';

/** The slice of Electron's Tray the status icon drives. */
export interface TrayLike {
  setImage(image: NativeImage): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface StatusTrayDeps {
  createTray: (image: NativeImage) => TrayLike;
  imageFromPng: (png: Buffer) => NativeImage;
  buildMenu: (template: MenuItemConstructorOptions[]) => unknown;
  events: EventBus;
  /** Initial facts: the journal's incidents and the kill-switch overview. */
  loadInitial: () => Promise<{ incidents: Incident[]; killSwitch: KillSwitchState[] }>;
  actions: { show: () => void; quickCapture: () => void; openHaltDialog: () => void; quit: () => void };
}

/** A tray icon whose colour is the open incident's severity and which shows a halted kill switch. */
export function createStatusTray(deps: StatusTrayDeps): { summary: () => TraySummary; destroy: () => void } {
  const state = emptyTrayState();
  let lastKey = '';
  const tray = deps.createTray(deps.imageFromPng(iconFor(summarizeTray(state))));
  tray.on('click', deps.actions.show);

  const render = () => {
    const summary = summarizeTray(state);
    const key = JSON.stringify(summary);
    if (key === lastKey) return;
    lastKey = key;
    tray.setImage(deps.imageFromPng(iconFor(summary)));
    tray.setToolTip(summary.tooltip);
    tray.setContextMenu(
      deps.buildMenu([
        ...summary.lines.map((line): MenuItemConstructorOptions => ({ label: line, enabled: false })),
        { type: 'separator' },
        { label: 'Show Incident Console', click: deps.actions.show },
        { label: 'Quick capture…', click: deps.actions.quickCapture },
        { label: 'Halt the platform…', click: deps.actions.openHaltDialog },
        { type: 'separator' },
        { label: 'Quit', click: deps.actions.quit },
      ]),
    );
  };

  const unsubscribe = deps.events.subscribe((name, payload) => {
    if (applyEvent(state, name, payload)) render();
  });
  render();
  void deps
    .loadInitial()
    .then((initial) => {
      applyIncidents(state, initial.incidents);
      applyKillSwitch(state, initial.killSwitch);
      render();
    })
    .catch(() => {
      // The journal may be unavailable (it says so in the window); the tray keeps its defaults.
    });

  return {
    summary: () => summarizeTray(state),
    destroy: () => {
      unsubscribe();
      tray.destroy();
    },
  };
}

function iconFor(summary: TraySummary): Buffer {
  const colour = summary.severity === 'untriaged' ? '#98a2b0' : SEVERITY_COLOURS[summary.severity];
  return trayIconPng(colour, summary.halted, 32);
}
