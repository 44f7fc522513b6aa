import { escapeHtml as esc } from '../../domain/format.ts';
import type { OpenApiDocument } from './openapi-document.ts';

/**
 * The human-readable reference at /api/docs, rendered on the server from the OpenAPI document:
 * no script and nothing fetched from elsewhere, so it works offline and under a strict CSP.
 */

// The document is walked as plain JSON Schema: typing every keyword would add nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** The little Markdown the document's descriptions use: bold and code. */
const prose = (text: string) =>
  esc(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');
const paragraphs = (text: unknown) =>
  String(text ?? '')
    .split('\n\n')
    .filter(Boolean)
    .map((p) => `<p>${prose(p)}</p>`)
    .join('');

const refName = (ref: string) => ref.split('/').pop() ?? ref;
const link = (name: string) => `<a href="#schema-${esc(name)}">${esc(name)}</a>`;

/** One line saying what a value must be. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return link(refName(schema.$ref));
  if (schema.enum) return `one of ${schema.enum.map((v: unknown) => `<code>${esc(String(v))}</code>`).join(', ')}`;
  if (schema.const !== undefined) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map(typeOf).join(' or ');
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'any'];
  return types
    .map((t) => {
      if (t === 'array') return `array of ${typeOf(schema.items)}`;
      if (t === 'object' && !schema.properties && schema.additionalProperties)
        return `map of ${typeOf(schema.additionalProperties)}`;
      const limits = [
        schema.format,
        schema.pattern && `pattern <code>${esc(schema.pattern)}</code>`,
        schema.minLength !== undefined && `${schema.minLength}–${schema.maxLength ?? '∞'} characters`,
        schema.minimum !== undefined && `${schema.minimum}–${schema.maximum ?? '∞'}`,
      ].filter(Boolean);
      return `${esc(t)}${limits.length ? ` (${limits.join(', ')})` : ''}`;
    })
    .join(' or ');
}

function fieldsTable(schema: Schema): string {
  if (!schema.properties) return `<p>${typeOf(schema)}</p>`;
  const required = new Set<string>(schema.required ?? []);
  const rows = Object.entries(schema.properties as Record<string, Schema>).map(
    ([name, prop]) =>
      `<tr><td><code>${esc(name)}</code>${required.has(name) ? '' : ' <small>optional</small>'}</td><td>${typeOf(prop)}</td><td>${prose(prop.description ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function operationSection(method: string, path: string, op: Schema): string {
  const params = (op.parameters ?? []) as Schema[];
  const paramRows = params.map(
    (p) =>
      `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}${p.required ? '' : ' <small>optional</small>'}</td><td>${typeOf(p.schema)}</td><td>${esc(p.description ?? '')}</td></tr>`,
  );
  const body = op.requestBody?.content as Record<string, Schema> | undefined;
  const responses = Object.entries(op.responses as Record<string, Schema>).map(([status, r]) => {
    const [type, media] = Object.entries((r.content ?? {}) as Record<string, Schema>)[0] ?? [];
    return `<tr><td>${esc(status)}</td><td>${prose(r.description ?? '')}</td><td>${type ? `${esc(type)}${media?.schema ? `: ${typeOf(media.schema)}` : ''}` : '—'}</td></tr>`;
  });
  return `<section id="op-${esc(op.operationId)}">
<h3><code>${esc(method.toUpperCase())} ${esc(path)}</code></h3>
<p><strong>${esc(op.summary ?? '')}</strong></p>
${paragraphs(op.description)}
${paramRows.length ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>${paramRows.join('')}</tbody></table>` : ''}
${
  body
    ? Object.entries(body)
        .map(([type, media]) => `<h4>Body (${esc(type)})</h4>${fieldsTable(media.schema ?? {})}`)
        .join('')
    : ''
}
<h4>Responses</h4><table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead><tbody>${responses.join('')}</tbody></table>
</section>`;
}

export function renderReferencePage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  const contents = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Schema>)) {
      const tag = (op.tags?.[0] as string | undefined) ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationSection(method, path, op)]);
      contents.set(tag, [
        ...(contents.get(tag) ?? []),
        `<li><a href="#op-${esc(op.operationId)}"><code>${esc(method.toUpperCase())} ${esc(path)}</code></a></li>`,
      ]);
    }
  }
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Record<string, Schema>).map(
    ([name, schema]) =>
      `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${paragraphs(schema.description)}${fieldsTable(schema)}</section>`,
  );
  const tags = [...byTag.keys()];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} reference</title>
<style>body{font-family:Arial,sans-serif;max-width:70rem;margin:0 auto;padding:1rem;line-height:1.4;color:#0b0c0c}table{border-collapse:collapse;width:100%;margin-bottom:1rem}td,th{border-bottom:1px solid #b1b4b6;text-align:left;padding:.3rem;vertical-align:top}section{border-top:2px solid #1d70b8;margin-top:1.5rem}code{background:#f3f2f1;padding:0 .2rem}small{color:#505a5f}</style>
</head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
${paragraphs(doc.info.description)}
<p>The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
<h2>Contents</h2>
${tags.map((t) => `<h3>${esc(t)}</h3><ul>${contents.get(t)!.join('')}</ul>`).join('')}
${tags.map((t) => `<h2>${esc(t)}</h2>${byTag.get(t)!.join('')}`).join('')}
<h2>Schemas</h2>
${schemas.join('')}
</body></html>`;
}
