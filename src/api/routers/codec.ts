import express, { Router, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { codecPayloadsSchema, type CodecPayloads } from '../contract/requests.ts';
import { Problem } from '../problem.ts';
import { parse } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

const fromJson = ({ payloads }: CodecPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));

const toJson = (payloads: Payload[]): CodecPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  })),
});

/**
 * CORS for the Temporal Web UI's origins only: the UI calls the codec from the browser, with the
 * user's token in Authorization. A preflight is answered here, before authentication.
 */
export function codecCors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.header('Origin');
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/** Temporal's remote codec endpoints: /decode and /encode. */
export function codecRouter({ codec }: { codec: PayloadCodec }): Router {
  const router = Router(ROUTING);
  router.use(requireRole(...rolesOf('decodePayloads')));
  router.use(express.json({ limit: '8mb', strict: true }));
  for (const action of ['decode', 'encode'] as const) {
    router.post(`/${action}`, async (req, res) => {
      const payloads = fromJson(parse(codecPayloadsSchema, req.body));
      let result: Payload[];
      try {
        result = await codec[action](payloads);
      } catch (err) {
        throw new Problem(
          422,
          'Unprocessable Content',
          `The payloads could not be ${action}d: ${(err as Error).message}`,
          [{ field: 'body.payloads', message: 'are not payloads this service can read' }],
        );
      }
      res.json(toJson(result));
    });
  }
  return router;
}
