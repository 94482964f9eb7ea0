import { REPORT_PDF_PATH, type PdfUnavailable } from '../../shared/platform';

/*
 * Browser mode's PDF: the Cairn web server that serves this page prints the
 * report with this machine's Chromium (electron/server/pdfEndpoint.ts). When
 * it cannot (no Chromium, a page served by something else, a report too
 * large), the answer says why and the export dialog prints with the
 * browser's print dialog instead. Only "busy" is an error: the person asked
 * twice, and the first PDF is still coming.
 */

// Relative to the page: the server that served it prints.
const PDF_URL = `.${REPORT_PDF_PATH}`;

interface Refusal {
  error: string;
  reason: string;
}

async function refusalOf(response: Response): Promise<Refusal | null> {
  try {
    const body = (await response.json()) as Partial<Refusal>;
    return typeof body.error === 'string' && typeof body.reason === 'string' ? { error: body.error, reason: body.reason } : null;
  } catch {
    return null;
  }
}

export async function printWithServer(html: string): Promise<Uint8Array | PdfUnavailable> {
  let response: Response;
  try {
    response = await fetch(PDF_URL, { method: 'POST', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html, cache: 'no-store' });
  } catch {
    return { unavailable: 'No PDF printer here: the server that serves this page cannot be reached.' };
  }
  if (response.ok && response.headers.get('Content-Type') === 'application/pdf') return new Uint8Array(await response.arrayBuffer());
  const refusal = await refusalOf(response);
  if (refusal?.reason === 'busy') throw new Error(refusal.error);
  return { unavailable: refusal?.error ?? 'No PDF printer here: this page is not served by Cairn’s web server.' };
}
