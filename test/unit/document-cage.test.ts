import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CAGE_LIMITS, documentText } from '../../src/infra/court/document-text.ts';
import { hostilePdf } from '../helpers/hostile-pdf.ts';

async function pdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage();
    lines.forEach((line, i) => page.drawText(line, { x: 40, y: 760 - i * 16, size: 11, font }));
  }
  return Buffer.from(await doc.save());
}

/** The longest the event loop went without running a timer while `work` ran. */
async function longestStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 20);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(beat);
  }
}

describe('reading an untrusted PDF in a cage', () => {
  it('stops a PDF of a million tiny text runs within 5 s, marked unreadable, without stalling this process', async () => {
    const hostile = hostilePdf(1_000_000);
    expect(hostile.length).toBeLessThan(100_000); // small on the wire
    const started = performance.now();
    const { result, stallMs } = await longestStall(documentText(hostile, 'application/pdf', 'bundle.pdf'));
    const took = performance.now() - started;
    console.log(
      `hostile PDF (${hostile.length} bytes): ${Math.round(took)} ms, longest event-loop stall ${Math.round(stallMs)} ms, ${'problem' in result ? result.problem : `${result.text.length} characters of text`}`,
    );
    expect(took).toBeLessThan(5_000);
    expect(result).toMatchObject({
      problem: expect.stringMatching(/stopped/),
      limit: expect.stringMatching(/^(time|memory)$/),
    });
    // Out of process: the worker's other activities keep running while it is read.
    expect(stallMs).toBeLessThan(500);
  }, 20_000);

  it('still reads an ordinary PDF, and refuses one with more pages than the cap without reading it', async () => {
    expect(
      await documentText(await pdf([['WARRANT OF COMMITMENT', 'Name: DENT, Arthur']]), 'application/pdf', 'w.pdf'),
    ).toEqual({ text: expect.stringMatching(/WARRANT OF COMMITMENT\s+Name: DENT, Arthur/) });
    const long = await pdf([['one'], ['two'], ['three']]);
    expect(await documentText(long, 'application/pdf', 'long.pdf', { ...CAGE_LIMITS, maxPages: 2 })).toMatchObject({
      limit: 'pages',
      problem: expect.stringMatching(/3 pages, more than the inbox reads \(2\)/),
    });
    expect(await documentText(Buffer.from('%PDF-1.4 not really'), 'application/pdf', 'x.pdf')).toEqual({
      problem: expect.stringMatching(/could not be read/),
    });
  }, 20_000);

  it('keeps no more text than the cap', async () => {
    const read = await documentText(
      await pdf([Array.from({ length: 40 }, (_, i) => `Line ${i} of a long order`)]),
      'application/pdf',
      'o.pdf',
      { ...CAGE_LIMITS, maxChars: 50 },
    );
    expect('text' in read && read.text.length).toBe(50);
  }, 20_000);
});
