import { Router } from 'express';
import { buildOpenApiDocument, type OpenApiDocument } from '../contract/openapi-document.ts';
import { renderReferencePage } from '../contract/reference-page.ts';
import { ROUTING } from '../routing.ts';

/** The OpenAPI document and its reference page: public, like any government API's documentation. */
export function apiDocsRouter({ version }: { version: string }): Router {
  const router = Router(ROUTING);
  let doc: OpenApiDocument | undefined;
  let page: string | undefined;
  // Built on first request, once: the document depends only on the code.
  const document = () => (doc ??= buildOpenApiDocument({ version }));
  router.get('/openapi.json', (_req, res) => void res.json(document()));
  router.get('/docs', (_req, res) => void res.type('html').send((page ??= renderReferencePage(document()))));
  return router;
}
