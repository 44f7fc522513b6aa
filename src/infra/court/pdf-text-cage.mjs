// @ts-check
/**
 * Reads one PDF's text layer, alone in its own process: the parent (document-text.ts) gives it a
 * small heap, a wall clock and no environment, so a hostile document can only exhaust this
 * process. Plain JavaScript on purpose: it runs under plain `node` wherever the parent runs (tsx in
 * development, a container in production), with no loader and no build step.
 *
 * In: the PDF's bytes on stdin; argv: the most pages it may have, the most characters to return.
 * Out: one JSON line on stdout, `{ text, truncated }` or `{ problem, limit? }`.
 */
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { getDocumentProxy } from 'unpdf';

const maxPages = Number(process.argv[2]);
const maxChars = Number(process.argv[3]);

/** @param {object} result */
const reply = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

/** @returns {Promise<Buffer>} */
async function readInput() {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(/** @type {Buffer} */ (chunk));
  return Buffer.concat(chunks);
}

try {
  const pdf = await getDocumentProxy(new Uint8Array(await readInput()));
  if (pdf.numPages > maxPages) {
    reply({
      problem: `The PDF has ${pdf.numPages} pages, more than the inbox reads (${maxPages}): read it by eye`,
      limit: 'pages',
    });
  } else {
    let text = '';
    for (let n = 1; n <= pdf.numPages && text.length < maxChars; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      page.cleanup();
    }
    // Identifiers are on the first pages: the rest is not needed to file it.
    reply({ text: text.slice(0, maxChars), truncated: text.length > maxChars });
  }
} catch (err) {
  reply({ problem: `The PDF could not be read: ${String(err instanceof Error ? err.message : err).slice(0, 200)}` });
}
