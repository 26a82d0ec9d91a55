// A small layout layer over pdfkit for the printed documents (A4, Chinese): titles, paragraphs, labelled
// fields, tables that continue on the next page with their header, signature blocks, the department's
// 落款, a QR code, and page numbers. The fonts come from an npm package (思源宋体 / Noto Serif SC, SIL
// OFL), never from the system, so a PDF is the same after `npm ci` on any machine; pdfkit embeds the
// glyphs used with their Unicode mapping, so the text can be searched and extracted.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const FONT_PACKAGE = '@expo-google-fonts/noto-serif-sc';
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** The two faces, read once (15 MB each; pdfkit parses only the tables it needs). */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve(`${FONT_PACKAGE}/400Regular/NotoSerifSC_400Regular.ttf`)),
    bold: fs.readFileSync(require.resolve(`${FONT_PACKAGE}/700Bold/NotoSerifSC_700Bold.ttf`)),
  };
  return fonts;
}

const MARGIN = 56;
const BODY = 11;

export interface PdfInfo {
  title: string;
  /** The department that issues the document (the PDF's author). */
  author: string;
}

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  /** The first page (0-based) of each document in the file. */
  private readonly starts: number[] = [0];

  constructor(info: PdfInfo) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: info.title, Author: info.author, Creator: 'shuangsuiji' }, lang: 'zh-CN' });
    const f = loadFonts();
    this.doc.registerFont('regular', f.regular);
    this.doc.registerFont('bold', f.bold);
    this.doc.font('regular').fontSize(BODY);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve) => this.doc.on('end', () => resolve()));
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page when less than `h` points are left on this one. */
  private room(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  title(text: string, sub?: string): this {
    this.doc.font('bold').fontSize(20).text(text, MARGIN, this.doc.y, { align: 'center', width: this.width });
    if (sub) this.doc.font('regular').fontSize(BODY).text(sub, { align: 'center', width: this.width });
    this.doc.font('regular').fontSize(BODY).moveDown(0.8);
    return this;
  }

  heading(text: string): this {
    this.room(40);
    this.doc.moveDown(0.4).font('bold').fontSize(13).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.font('regular').fontSize(BODY).moveDown(0.3);
    return this;
  }

  para(text: string, opts: { indent?: boolean; size?: number } = {}): this {
    this.doc.font('regular').fontSize(opts.size ?? BODY).text(text, MARGIN, this.doc.y, { width: this.width, indent: opts.indent ? 2 * BODY : 0, lineGap: 3 });
    this.doc.fontSize(BODY).moveDown(0.4);
    return this;
  }

  /** Rows of a label and its value, ruled as a table of two columns. */
  fields(rows: [string, string][]): this {
    return this.table([{ header: '', width: 0.24 }, { header: '', width: 0.76 }], rows, { headless: true, boldFirst: true });
  }

  /**
   * A ruled table; columns' widths are fractions of the text width. The header repeats on every page
   * the table runs onto; a row is never split across pages.
   */
  table(columns: { header: string; width: number }[], rows: string[][], opts: { headless?: boolean; boldFirst?: boolean; size?: number } = {}): this {
    const size = opts.size ?? BODY - 1;
    const widths = columns.map((c) => c.width * this.width);
    const pad = 4;
    const heightOf = (cells: string[], font: string) => {
      this.doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => this.doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], header: boolean) => {
      const h = heightOf(cells, header ? 'bold' : 'regular');
      let x = MARGIN;
      const y = this.doc.y;
      cells.forEach((c, i) => {
        const bold = header || (opts.boldFirst && i === 0);
        if (header) this.doc.rect(x, y, widths[i]!, h).fillAndStroke('#eeeeee', '#000000').fillColor('#000000');
        else this.doc.rect(x, y, widths[i]!, h).stroke();
        this.doc.font(bold ? 'bold' : 'regular').fontSize(size).text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad });
        x += widths[i]!;
      });
      this.doc.x = MARGIN;
      this.doc.y = y + h;
    };
    this.doc.lineWidth(0.6);
    const head = columns.map((c) => c.header);
    if (!opts.headless) {
      this.room(heightOf(head, 'bold') + heightOf(rows[0] ?? [''], 'regular'));
      drawRow(head, true);
    }
    for (const r of rows) {
      const h = heightOf(r, 'regular');
      if (this.doc.y + h > this.bottom) {
        this.doc.addPage();
        if (!opts.headless) drawRow(head, true);
      }
      drawRow(r, false);
    }
    this.doc.font('regular').fontSize(BODY).moveDown(0.6);
    return this;
  }

  /** Blank lines to sign on: each label with a line for the signature and one for the date. */
  signatures(labels: string[]): this {
    this.room(28 * labels.length + 10);
    this.doc.moveDown(0.3);
    for (const l of labels) {
      const y = this.doc.y + 8;
      this.doc.font('regular').fontSize(BODY).text(`${l}（签字）：`, MARGIN, y, { continued: false });
      this.doc.moveTo(MARGIN + 150, y + 13).lineTo(MARGIN + 320, y + 13).stroke();
      this.doc.text('日期：', MARGIN + 340, y);
      this.doc.moveTo(MARGIN + 375, y + 13).lineTo(MARGIN + this.width, y + 13).stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + 20;
    }
    this.doc.moveDown(0.5);
    return this;
  }

  /**
   * The foot of a document: a QR code of `url` (drawn as vector squares) with its caption and the
   * address in print on the left, the 落款 (the departments and the date, with room for the seal) on the right.
   */
  qrAndIssuer(url: string, caption: string, departments: string[], date: string): this {
    const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const n = code.modules.size;
    const side = 76;
    const cell = side / (n + 8);
    this.room(side + 6);
    const x0 = MARGIN;
    const y0 = this.doc.y + 4;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (code.modules.get(r, c)) this.doc.rect(x0 + (c + 4) * cell, y0 + (r + 4) * cell, cell, cell);
    }
    this.doc.fill('#000000');
    const textWidth = this.width * 0.6 - side - 10;
    this.doc.font('regular').fontSize(BODY - 2).text(caption, x0 + side + 6, y0 + 12, { width: textWidth });
    this.doc.text(url, { width: textWidth });
    this.doc.fontSize(BODY + 1).text([...departments, date].join('\n'), MARGIN + this.width * 0.6, y0 + 18, { align: 'right', width: this.width * 0.4 });
    this.doc.x = MARGIN;
    this.doc.y = y0 + side + 4;
    this.doc.fontSize(BODY);
    return this;
  }

  /**
   * Starts another document in the same file (the notices of a whole draw, to print at once): a new
   * page, numbered from 1 again.
   */
  nextDocument(): this {
    this.doc.addPage();
    this.starts.push(this.doc.bufferedPageRange().count - 1);
    return this;
  }

  /** Numbers the pages (第 N 页 共 M 页, within each document of the file) and returns the file's bytes. */
  async bytes(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    const starts = [...this.starts, range.count];
    for (let d = 0; d < starts.length - 1; d++) {
      const [first, end] = [starts[d]!, starts[d + 1]!];
      for (let i = first; i < end; i++) {
        this.doc.switchToPage(range.start + i);
        const y = this.doc.page.height - MARGIN + 16;
        // Written inside the bottom margin: no automatic page break.
        this.doc.page.margins.bottom = 0;
        this.doc.font('regular').fontSize(BODY - 2).text(`第 ${i - first + 1} 页 共 ${end - first} 页`, MARGIN, y, { align: 'center', width: this.width, lineBreak: false });
      }
    }
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
