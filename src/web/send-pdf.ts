// Sending a printed document.
import type { Response } from 'express';

/** Sends a PDF to open in the browser (and to print), under its Chinese name when saved. */
export function sendPdf(res: Response, f: { name: string; pdf: Buffer }): void {
  res.setHeader('Content-Disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.type('application/pdf').send(f.pdf);
}
