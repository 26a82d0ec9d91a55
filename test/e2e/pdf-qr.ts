// Reads the QR code printed on a PDF's last page (where the documents carry it) as a phone's camera would: the page rendered by
// pdf.js in Chromium, the picture decoded by jsQR. Everything is served from node_modules through
// Playwright's request interception (no server, no network).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

const modules = path.join(__dirname, '..', '..', 'node_modules');
const FILES: Record<string, string> = {
  '/pdf.mjs': path.join(modules, 'pdfjs-dist', 'legacy', 'build', 'pdf.mjs'),
  '/pdf.worker.mjs': path.join(modules, 'pdfjs-dist', 'legacy', 'build', 'pdf.worker.mjs'),
  '/jsQR.js': path.join(modules, 'jsqr', 'dist', 'jsQR.js'),
};

const PAGE = `<!doctype html><meta charset="utf-8"><script src="/jsQR.js"></script><script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
const doc = await pdfjs.getDocument('/doc.pdf').promise;
const page = await doc.getPage(doc.numPages);
// Like a camera held nearer or farther: jsQR's finder search on a whole page misses now and then at
// one resolution, so a few are tried and the first reading counts.
let found = '';
for (const scale of [3, 2, 4]) {
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement('canvas');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  const ctx = canvas.getContext('2d');
  await page.render({ canvasContext: ctx, viewport }).promise;
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(img.data, img.width, img.height);
  if (code) { found = code.data; break; }
}
window.qr = found;
</script>`;

export async function qrOfPdf(browser: Browser, pdf: Buffer): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.route('http://pdf.test/**', (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      if (p === '/doc.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
      const f = FILES[p];
      return f ? route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(f) }) : route.fulfill({ status: 404, body: '' });
    });
    await page.goto('http://pdf.test/');
    await page.waitForFunction(() => typeof (window as unknown as { qr?: string }).qr === 'string', null, { timeout: 30000 });
    return await page.evaluate(() => (window as unknown as { qr: string }).qr);
  } finally {
    await page.close();
  }
}
