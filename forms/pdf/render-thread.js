'use strict';
// The entry of a PDF render thread (forms/pdf/pool.ts). A worker thread loads its code with Node's
// own loader: jest's swc transform never reaches it, and tsx's hooks only when the process was
// started by tsx. So this file is plain CommonJS: next to the TypeScript sources it registers tsx's
// CommonJS loader in this thread (harmless when tsx's hooks are already there); compiled into dist/
// (`npm run build`) the renderers are JavaScript beside it and need no loader.
if (!require('node:fs').existsSync(require('node:path').join(__dirname, 'slips.js'))) require('tsx/cjs/api').register();

const { move } = require('piscina');
const { renderCaseFormPdf } = require('./slips');
const { renderTrackingBookPdf } = require('./tracking-book');

/** The PDF marked for transfer: its bytes move to the calling thread instead of being copied. */
function transfer(pdf, what) {
  if (!(pdf instanceof Uint8Array)) throw new Error(`No PDF rendered for ${what}`);
  // A small Buffer may be a slice of Node's shared allocation pool, which must never be transferred.
  const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : new Uint8Array(pdf);
  return move(own);
}

// Task names (piscina's `name` run option) → renderers. A renderer's error propagates as it is:
// piscina rejects the caller's promise with it (cloned: message, stack, standard class) and the
// thread stays up for the next task.
module.exports = {
  caseForm: async (form) => transfer(await renderCaseFormPdf(form), `form ${form && form.form}`),
  trackingBook: async (book) => transfer(await renderTrackingBookPdf(book), 'the tracking book'),
};
