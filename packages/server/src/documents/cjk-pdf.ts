// The PDF setup every document of the platform shares (agreements, exchange listing packages): pdfkit, A4, the CJK
// font registered and selected, the bytes collected. Not a module: any module may import it, it imports none.
import { existsSync } from 'node:fs';
import { DomainError } from '@shuyun/core';
import PDFDocument from 'pdfkit';

/** fonts-wqy-microhei (Debian), the CJK font every platform machine installs (see .ci/run); a TTC font is named by its PostScript name. */
const CJK_FONTS = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

export interface CjkPdf {
  /** the document, its font set to the CJK font (registered as `cjk`) */
  pdf: PDFKit.PDFDocument;
  /** the file, once `pdf.end()` was called */
  bytes: Promise<Buffer>;
}

/**
 * A new A4 PDF in the CJK font. Without the font the text would print as boxes, so it refuses (SERVICE_UNAVAILABLE).
 * `compress: false` leaves the content streams readable (for tests).
 */
export function cjkPdf(options: { title: string; margins?: { top: number; bottom: number; left: number; right: number }; compress?: boolean }): CjkPdf {
  const font = CJK_FONTS.find((f) => existsSync(f.file));
  if (!font) throw new DomainError('SERVICE_UNAVAILABLE');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: options.margins ?? { top: 56, bottom: 56, left: 60, right: 60 },
    info: { Title: options.title, Creator: 'Shuyun 數運' },
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
  pdf.registerFont('cjk', font.file, font.family);
  pdf.font('cjk');
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, bytes };
}
