import { extractText, getDocumentProxy } from 'unpdf';

/** At most this much text is read from one document: identifiers are on the first pages. */
const MAX_TEXT = 200_000;

/**
 * The text of an attachment: plain text as it is, a PDF's text layer through pdf.js (unpdf). A
 * scanned PDF without a text layer, a corrupt one, or another type comes back with why it could
 * not be read; the document is kept either way.
 */
export async function documentText(content: Buffer, contentType: string, filename: string): Promise<{ text: string } | { problem: string }> {
  const type = contentType.toLowerCase();
  if (type.startsWith('text/')) return { text: content.toString('utf8').slice(0, MAX_TEXT) };
  if (type === 'application/pdf' || filename.toLowerCase().endsWith('.pdf')) {
    try {
      const pdf = await getDocumentProxy(new Uint8Array(content));
      const { text } = await extractText(pdf, { mergePages: true });
      const read = String(text).slice(0, MAX_TEXT);
      return read.trim() ? { text: read } : { problem: 'The PDF has no text layer (a scan?): read it by eye' };
    } catch (err) {
      return { problem: `The PDF could not be read: ${(err as Error).message.slice(0, 200)}` };
    }
  }
  return { problem: `Not a type the inbox reads (${contentType}): kept as it came` };
}
