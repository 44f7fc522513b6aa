import type { RequestHandler } from 'express';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from '../../src/api/contract/openapi-document.ts';

/**
 * Checks real responses against the OpenAPI document: the status must be documented for the
 * operation, the media type must be the documented one, and the body must validate against the
 * documented schema (objects are closed, so an undocumented field fails too).
 */

export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

export interface Verdict {
  /** `METHOD /template`, or null when no documented operation has this path and method. */
  operation: string | null;
  problems: string[];
}

const DOC_ID = 'https://release-guard.dev/openapi.json';
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export function conformanceChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, DOC_ID);
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (path: string): ValidateFunction => {
    let v = validators.get(path);
    if (!v) validators.set(path, (v = ajv.compile({ $ref: `${DOC_ID}#/${path}` })));
    return v;
  };

  // Literal segments win over parameters, as in the router: /incidents/counts before /incidents/{id}.
  const templates = Object.keys(doc.paths ?? {})
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);

  const checkBody = (schemaPath: string, r: RecordedResponse, problems: string[]) => {
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      problems.push('body is not JSON');
      return;
    }
    const validate = validatorAt(schemaPath);
    if (!validate(body))
      problems.push(
        ...(validate.errors ?? []).map(
          (e) =>
            `body${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
        ),
      );
    if (r.contentType === 'application/problem+json' && (body as { status?: unknown }).status !== r.status)
      problems.push(`problem status ${String((body as { status?: unknown }).status)} differs from HTTP ${r.status}`);
  };

  return (r: RecordedResponse): Verdict => {
    const method = r.method.toLowerCase();
    const match = templates.find(
      (t) => t.regex.test(r.path) && (doc.paths?.[t.template] as Record<string, unknown>)[method],
    );
    const problems: string[] = [];
    const mediaType = r.contentType.split(';')[0]!.trim();
    // A CORS preflight (the codec's, for the Temporal Web UI) is browser machinery, not an operation.
    if (method === 'options' && r.path.startsWith('/codec/') && r.status === 204) return { operation: null, problems };
    if (!match) {
      // Nothing documented here: the only acceptable answers are client-error problems.
      if (r.status < 400 || r.status >= 500) problems.push(`undocumented ${r.method} ${r.path} answered ${r.status}`);
      else if (mediaType !== 'application/problem+json')
        problems.push(`undocumented path answered ${mediaType || 'no media type'}, not a problem`);
      else checkBody(pointer('components', 'schemas', 'Problem'), { ...r, contentType: mediaType }, problems);
      return { operation: null, problems };
    }
    const operation = `${r.method.toUpperCase()} ${match.template}`;
    const responses = (
      doc.paths?.[match.template] as Record<
        string,
        { responses: Record<string, { content?: Record<string, unknown> }> }
      >
    )[method]!.responses;
    const documented = responses[String(r.status)];
    if (!documented) return { operation, problems: [`status ${r.status} is not documented for ${operation}`] };
    if (!documented.content) {
      if (r.body.length > 0 && method !== 'head') problems.push(`${r.status} should have no body`);
      return { operation, problems };
    }
    const media = documented.content[mediaType] as { schema?: unknown } | undefined;
    if (!media)
      return {
        operation,
        problems: [
          `${r.status} answered ${mediaType || 'no media type'}; documented: ${Object.keys(documented.content).join(', ')}`,
        ],
      };
    if (method !== 'head' && mediaType.endsWith('json'))
      checkBody(
        pointer('paths', match.template, method, 'responses', String(r.status), 'content', mediaType, 'schema'),
        { ...r, contentType: mediaType },
        problems,
      );
    return { operation, problems };
  };
}

/** Express middleware that hands every response, body and all, to `onResponse` once sent. */
/** The paths the OpenAPI document speaks for; the web pages (HTML, redirects) are tested as pages. */
const API_PATH = /^\/(api|codec|health|ping|info|victim-notifications)(\/|$)/;

export function recordResponses(onResponse: (r: RecordedResponse) => void): RequestHandler {
  return (req, res, next) => {
    if (!API_PATH.test(req.path)) return next();
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (typeof chunk === 'string')
        chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    res.on('finish', () =>
      onResponse({
        method: req.method,
        path: req.originalUrl.split('?')[0]!,
        status: res.statusCode,
        contentType: String(res.getHeader('content-type') ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
    next();
  };
}
