/*
 * The printed page around the report, shared by both PDF printers: Electron's
 * `webContents.printToPDF` (electron/main/pdf.ts) and browser mode's Chromium
 * through playwright-core's `page.pdf` (electron/server/pdfPrinter.ts). Both
 * are Chromium's printer, so the two PDFs look alike. The page size, margins
 * and footer come from the report's own stylesheet (`@page` and its margin
 * boxes: pageFooterStyle in shared/format/htmlStyle.ts), so the print dialog
 * gets the same page too.
 *
 * Not the printers' header and footer templates: Chromium builds, scripts and
 * lays out a document of its own for each of them on every page, about a
 * second for a 450-page report (bench/reportPdf.ts).
 */

/** What both printers are asked for, in the option names the two APIs share. */
export const PDF_PRINT_OPTIONS = {
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
} as const;
