import { BrowserWindow } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfPrinter } from './core/reports/pdf-printer';

/**
 * printToPDF for the post-mortem: the exported page (no script, nothing remote) is loaded in a
 * hidden, sandboxed window with JavaScript off, printed, and the window closed.
 */
export const electronPdfPrinter: PdfPrinter = {
  async htmlToPdf(html) {
    const dir = mkdtempSync(join(tmpdir(), 'incident-console-pdf-'));
    const file = join(dir, 'postmortem.html');
    writeFileSync(file, html);
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, offscreen: true },
    });
    try {
      await window.loadFile(file);
      return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: false });
    } finally {
      window.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
