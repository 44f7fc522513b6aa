import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * What one untrusted PDF may cost. A PDF of a million tiny text runs, 0.7 MB on the wire, took a
 * worker 41 s and 2.4 GB when read in-process (issue 26); in the cage it is stopped here.
 */
export interface CageLimits {
  /** Heap of the reading process (--max-old-space-size), in MB. */
  heapMb: number;
  /** Wall clock, spawn included: the process is killed at this. */
  timeoutMs: number;
  /** More pages than this and it is not read at all. */
  maxPages: number;
  /** Characters of text kept: identifiers are on the first pages. */
  maxChars: number;
}

export const CAGE_LIMITS: CageLimits = { heapMb: 128, timeoutMs: 3_000, maxPages: 100, maxChars: 200_000 };

/** Readers at once in one worker process: each may take its heap and a core until it is stopped. */
const MAX_READERS = 2;

export type DocumentText =
  { text: string } | { problem: string; limit?: 'pages' | 'memory' | 'time' | 'output' | 'crashed' };

const CAGE_SCRIPT = fileURLToPath(new URL('./pdf-text-cage.mjs', import.meta.url));

let readers = 0;
const waiting: (() => void)[] = [];
async function withReader<T>(read: () => Promise<T>): Promise<T> {
  if (readers >= MAX_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  readers += 1;
  try {
    return await read();
  } finally {
    readers -= 1;
    waiting.shift()?.();
  }
}

/** A PDF's text, read in a child process under `limits`; a document that breaks one comes back with why. */
export function pdfTextInCage(content: Buffer, limits: CageLimits = CAGE_LIMITS): Promise<DocumentText> {
  return withReader(
    () =>
      new Promise<DocumentText>((resolve) => {
        // No environment: the reader of a stranger's document needs no secrets.
        const child = spawn(
          process.execPath,
          [`--max-old-space-size=${limits.heapMb}`, CAGE_SCRIPT, String(limits.maxPages), String(limits.maxChars)],
          {
            env: {},
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        // JSON escapes at most six bytes a character; anything beyond is not the reader talking.
        const maxOutput = limits.maxChars * 6 + 4096;
        const out: Buffer[] = [];
        let outBytes = 0;
        let stderr = '';
        let stopped: DocumentText | null = null;
        const stop = (why: DocumentText): void => {
          stopped ??= why;
          child.kill('SIGKILL');
        };
        const timer = setTimeout(
          () =>
            stop({
              problem: `Reading the PDF took longer than ${limits.timeoutMs / 1000} s and was stopped: read it by eye`,
              limit: 'time',
            }),
          limits.timeoutMs,
        );
        child.stdout.on('data', (chunk: Buffer) => {
          outBytes += chunk.length;
          if (outBytes > maxOutput)
            stop({
              problem: 'Reading the PDF gave more text than the inbox keeps and was stopped: read it by eye',
              limit: 'output',
            });
          else out.push(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          if (stderr.length < 4096) stderr += chunk.toString('utf8');
        });
        // A reader that dies before taking all its input must not take the worker with it (EPIPE).
        child.stdin.on('error', () => undefined);
        child.on('error', (err) =>
          stop({ problem: `The PDF reader could not start: ${err.message}`, limit: 'crashed' }),
        );
        child.on('close', (code) => {
          clearTimeout(timer);
          if (stopped) return resolve(stopped);
          if (code !== 0) {
            const oom = /heap out of memory|Allocation failed/i.test(stderr);
            return resolve(
              oom
                ? {
                    problem: `Reading the PDF needed more than ${limits.heapMb} MB and was stopped: read it by eye`,
                    limit: 'memory',
                  }
                : { problem: `The PDF reader failed (exit ${code}): read it by eye`, limit: 'crashed' },
            );
          }
          try {
            const result = JSON.parse(Buffer.concat(out).toString('utf8')) as {
              text?: string;
              problem?: string;
              limit?: 'pages';
            };
            if (typeof result.text === 'string') return resolve({ text: result.text.slice(0, limits.maxChars) });
            resolve({
              problem: result.problem ?? 'The PDF could not be read',
              ...(result.limit ? { limit: result.limit } : {}),
            });
          } catch {
            resolve({ problem: 'The PDF reader answered nonsense: read it by eye', limit: 'crashed' });
          }
        });
        child.stdin.end(content);
      }),
  );
}

/**
 * The text of an attachment: plain text as it is, a PDF's text layer through pdf.js (unpdf) in a
 * cage. A scanned PDF without a text layer, a corrupt one, one that breaks a limit, or another type
 * comes back with why it could not be read; the document is kept either way.
 */
export async function documentText(
  content: Buffer,
  contentType: string,
  filename: string,
  limits: CageLimits = CAGE_LIMITS,
): Promise<DocumentText> {
  const type = contentType.toLowerCase();
  if (type.startsWith('text/')) return { text: content.toString('utf8').slice(0, limits.maxChars) };
  if (type === 'application/pdf' || filename.toLowerCase().endsWith('.pdf')) {
    const read = await pdfTextInCage(content, limits);
    if ('text' in read && !read.text.trim()) return { problem: 'The PDF has no text layer (a scan?): read it by eye' };
    return read;
  }
  return { problem: `Not a type the inbox reads (${contentType}): kept as it came` };
}
