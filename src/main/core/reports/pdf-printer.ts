/**
 * Turns the exported HTML into a PDF. The desktop app implements it with an offscreen
 * BrowserWindow's webContents.printToPDF; browser mode has none (the operator prints the HTML).
 */
export interface PdfPrinter {
  htmlToPdf(html: string): Promise<Uint8Array>;
}

export const PDF_UNAVAILABLE_NOTE = "PDF needs the desktop app; in browser mode open postmortem.html and use the browser's Print → Save as PDF.";
