/**
 * Browser mode's PDF: the report in a hidden frame, printed with its own
 * print stylesheet; the browser's print dialog offers "Save as PDF". The
 * frame runs no scripts (sandboxed); the page prints it from outside.
 */
export function printReport(html: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute('aria-hidden', 'true');
  frame.title = 'Report to print';
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  frame.srcdoc = html;
  frame.addEventListener('load', () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    // print() blocks until the dialog closes in most browsers; remove the frame afterwards either way.
    setTimeout(() => frame.remove(), 60_000);
  });
  document.body.append(frame);
}
