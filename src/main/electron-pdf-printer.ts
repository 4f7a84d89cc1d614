import { BrowserWindow } from 'electron';
import { ConsoleError } from '../shared/errors';
import type { PdfPrinter } from './core/reports/pdf-printer';
import { createPrintWindow, MAX_PRINTABLE_URL_LENGTH } from './window';

/**
 * printToPDF for the post-mortem: the exported page (no script, nothing remote) is rendered in a
 * hidden, sandboxed window with JavaScript off, printed, and the window closed.
 */
export const electronPdfPrinter: PdfPrinter = {
  async htmlToPdf(html) {
    const url = `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
    if (url.length > MAX_PRINTABLE_URL_LENGTH) {
      throw new ConsoleError('PDF_TOO_LARGE', 'This post-mortem page is too large to print to PDF here; open postmortem.html and print it instead.');
    }
    const window = createPrintWindow(BrowserWindow);
    try {
      await window.loadURL(url);
      return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: false });
    } finally {
      window.destroy();
    }
  },
};
