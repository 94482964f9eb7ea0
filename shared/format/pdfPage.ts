/*
 * The printed page around the report, shared by both PDF printers: Electron's
 * `webContents.printToPDF` (electron/main/pdf.ts) and browser mode's Chromium
 * through playwright-core's `page.pdf` (electron/server/pdfPrinter.ts). Both
 * are Chromium's printer and take the same header and footer templates, so
 * the two PDFs look alike. The page size and margins come from the report's
 * own `@page` rule (shared/format/htmlStyle.ts): `preferCSSPageSize`.
 *
 * Chromium fills the template's `title`, `pageNumber` and `totalPages`
 * elements itself: the title is the report's <title>, already escaped by the
 * HTML writer, so no text people typed is pasted into the template here.
 * The template is drawn in the bottom margin, outside the report's styles: it
 * needs its own font size (Chromium's default there is unreadably small) and
 * its own colour adjustment.
 */

export const PDF_HEADER_TEMPLATE = '<span></span>';

export const PDF_FOOTER_TEMPLATE = [
  '<div style="box-sizing:border-box;width:100%;padding:0 15mm;display:flex;justify-content:space-between;gap:8mm;',
  'font:8pt system-ui,-apple-system,&quot;Segoe UI&quot;,Roboto,&quot;Noto Sans&quot;,Arial,sans-serif;color:#5b6472;-webkit-print-color-adjust:exact">',
  '<span class="title" style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis"></span>',
  '<span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>',
  '</div>',
].join('');

/** What both printers are asked for, in the option names the two APIs share. */
export const PDF_PRINT_OPTIONS = {
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: true,
  headerTemplate: PDF_HEADER_TEMPLATE,
  footerTemplate: PDF_FOOTER_TEMPLATE,
} as const;
