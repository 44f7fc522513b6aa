import { deflateSync } from 'node:zlib';

/**
 * A small PDF that is expensive to read: one page whose compressed content stream draws `runs`
 * one-letter text runs, each a text item pdf.js must build. A million deflate to 35 KB; a PDF of
 * six million runs took a worker 41 s and 2.4 GB to read in-process (issue 26).
 */
export function hostilePdf(runs: number): Buffer {
  // Up a line and back down, so every run is an item of its own and none leaves the page.
  const pair = Buffer.from('(a) Tj 0 1 Td (a) Tj 0 -1 Td ');
  const pairs = Math.ceil(runs / 2);
  const body = Buffer.alloc(pair.length * pairs);
  for (let i = 0; i < pairs; i++) pair.copy(body, i * pair.length);
  const content = deflateSync(Buffer.concat([Buffer.from('BT /F1 1 Tf 10 10 Td '), body, Buffer.from('ET')]));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    null, // the content stream, written below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((object, i) => {
    offsets.push(length);
    const chunk =
      object === null
        ? Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
            content,
            Buffer.from('\nendstream\nendobj\n'),
          ])
        : Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}
