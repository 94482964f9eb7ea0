import { execFileSync } from 'node:child_process';

/*
 * A printed PDF read back as a person would see its pages, with poppler-utils
 * (Debian's `poppler-utils`: pdftotext, pdftoppm): each page's size and its
 * text lines with where they sit on the page, in PDF points from the top left.
 */

export interface PdfLine {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** The tallest word's height: a heading's words are taller than a table's. */
  height: number;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  /** Top to bottom, then left to right. */
  lines: PdfLine[];
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(tag)?.[1] ?? NaN);

export function pdfPages(file: string): PdfPage[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  for (const [, pageTag, body] of xml.matchAll(/(<page [^>]*>)([\s\S]*?)<\/page>/g)) {
    const lines: PdfLine[] = [];
    for (const [, lineTag, lineBody] of body!.matchAll(/(<line [^>]*>)([\s\S]*?)<\/line>/g)) {
      const words = [...lineBody!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)];
      if (words.length === 0) continue;
      lines.push({
        text: words.map((w) => unescapeXml(w[2]!)).join(' '),
        xMin: attr(lineTag!, 'xMin'),
        xMax: attr(lineTag!, 'xMax'),
        yMin: attr(lineTag!, 'yMin'),
        yMax: attr(lineTag!, 'yMax'),
        height: Math.max(...words.map((w) => attr(w[1]!, 'yMax') - attr(w[1]!, 'yMin'))),
      });
    }
    lines.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    pages.push({ number: pages.length + 1, width: attr(pageTag!, 'width'), height: attr(pageTag!, 'height'), lines });
  }
  return pages;
}

/** The whole text layer, whitespace folded. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).replace(/\s+/g, ' ');
}

/** Each page as a PNG (`<prefix>-<n>.png`) at `dpi`. */
export function pdfToPngs(file: string, prefix: string, dpi = 50): void {
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, prefix]);
}

export const foldSpace = (s: string) => s.replace(/\s+/g, ' ').trim();
