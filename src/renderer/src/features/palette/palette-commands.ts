import type { Runbook } from '../../../../shared/runbook';
import type { CatalogCommand } from '../../../../shared/command-catalog';
import type { Navigation } from '../../state/navigation';
import { requestKillSwitch } from '../powernode/kill-switch-requests';
import type { ViewEntry } from '../../screens';

/** One thing the palette can do: what it is called, where it comes from, and doing it. */
export interface PaletteCommand {
  id: string;
  group: 'Screen' | 'On this screen' | 'Runbook' | 'Command' | 'Incident' | 'Console';
  label: string;
  /** Shown at the right: a shortcut, or where a runbook step comes from. */
  hint?: string;
  /** Searched with the label, not shown. */
  keywords?: string;
  run: () => void;
}

export function screenCommands(views: readonly ViewEntry[], navigation: Navigation): PaletteCommand[] {
  return views.map((view) => ({
    id: `screen:${view.id}`,
    group: 'Screen',
    label: `Go to ${view.label}`,
    hint: `Alt+${view.accessKey}`,
    keywords: 'screen view open',
    run: () => navigation.navigate(view.id),
  }));
}

/** Every runbook section (opened on the Triage screen) and every step that names a command or the kill switch. */
export function runbookCommands(runbook: Runbook, navigation: Navigation): PaletteCommand[] {
  const commands: PaletteCommand[] = [];
  for (const section of runbook.sections) {
    commands.push({
      id: `section:${section.id}`,
      group: 'Runbook',
      label: `Runbook: ${section.title}`,
      hint: `${section.steps.length} steps`,
      keywords: `section checklist ${section.category} ${section.summary ?? ''}`,
      run: () => navigation.navigate('triage', { sectionId: section.id }),
    });
    section.steps.forEach((step, index) => {
      const where = `${section.title}, step ${index + 1}`;
      if (step.command) {
        const { host, ...values } = step.command.params ?? {};
        commands.push({
          id: `step:${section.id}/${step.id}`,
          group: 'Runbook',
          label: `Run ${step.command.id}: ${step.text}`,
          hint: where,
          keywords: Object.values(values).join(' '),
          run: () => navigation.navigate('diagnostics', { commandId: step.command!.id, host, values }),
        });
      }
    });
  }
  return commands;
}

/** The diagnostics catalog: each command opens on the Diagnostics screen, ready to preview and run. */
export function catalogCommands(catalog: readonly CatalogCommand[], navigation: Navigation): PaletteCommand[] {
  return catalog.map((command) => ({
    id: `command:${command.id}`,
    group: 'Command',
    label: `Command: ${command.title}`,
    hint: command.id,
    keywords: `diagnostic run ${command.id}`,
    run: () => navigation.navigate('diagnostics', { commandId: command.id }),
  }));
}

export function killSwitchCommands(): PaletteCommand[] {
  return [
    {
      id: 'ks:halt',
      group: 'Console',
      label: 'HALT all AI activity…',
      hint: 'kill switch',
      keywords: 'kill switch stop emergency',
      run: () => requestKillSwitch('halt'),
    },
    {
      id: 'ks:resume',
      group: 'Console',
      label: 'Resume AI activity…',
      hint: 'kill switch',
      keywords: 'kill switch lift',
      run: () => requestKillSwitch('resume'),
    },
  ];
}

/** A control's name as a screen reader says it: its label, else its text. */
function accessibleName(element: HTMLElement): string {
  const labelledBy = element.getAttribute('aria-labelledby');
  const byId = labelledBy ? document.getElementById(labelledBy)?.textContent : undefined;
  const label = element.getAttribute('aria-label') ?? byId ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
  return label.replace(/\s+/g, ' ').trim();
}

const CONTROLS = 'button:not([disabled]), summary, input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled])';

/**
 * What the current screen (and the top bar) offers, read from the page itself, so nothing a screen
 * shows is missing: its buttons (pressed) and its fields (focused). A name that repeats is a
 * per-row action (Pin, Amend…), not the screen's: it is left to the row.
 */
export function screenControls(roots: readonly Element[]): PaletteCommand[] {
  const found: Array<{ element: HTMLElement; name: string; field: boolean }> = [];
  for (const root of roots) {
    for (const element of root.querySelectorAll<HTMLElement>(CONTROLS)) {
      // Inside a dialog, hidden, or already a command of its own (the HALT button: "HALT all AI activity…").
      if (element.closest('dialog, [aria-hidden="true"], [data-palette-named]') || element.getClientRects().length === 0) continue;
      const name = accessibleName(element);
      // A checkbox or radio is pressed like a button; the other fields are gone to, to type or choose.
      const pressed = ['BUTTON', 'SUMMARY'].includes(element.tagName) || ['checkbox', 'radio'].includes((element as HTMLInputElement).type);
      if (name) found.push({ element, name, field: !pressed });
    }
  }
  const counts = new Map<string, number>();
  for (const { name } of found) counts.set(name, (counts.get(name) ?? 0) + 1);
  return found
    .filter(({ name }) => counts.get(name) === 1)
    .map(({ element, name, field }, index) => ({
      id: `control:${index}:${name}`,
      group: 'On this screen',
      label: field ? `Go to field: ${name}` : name,
      hint: field ? 'field' : element.tagName === 'SUMMARY' ? 'open/close' : element.tagName === 'INPUT' ? 'tick/untick' : 'button',
      run: () => {
        element.scrollIntoView({ block: 'center' });
        element.focus();
        if (!field) element.click();
      },
    }));
}
