import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/infra/tracing.ts';
import { bundleWorkflows } from '../../src/worker/create-worker.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Traces exported for real, over OTLP/HTTP, to a receiver speaking that protocol (standing in for
 * Jaeger's OTLP port): one request is followed from the API through the Temporal client, the
 * workflow and its activities to SMTP and PostgreSQL, every span carrying the correlation id.
 */
interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string | number>;
  service: string;
}

let sys: TestSystem;
let tracing: Tracing;
let receiver: Server;
const spans: ReceivedSpan[] = [];

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}
const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(
    list.map((a) => [a.key, a.value.stringValue ?? Number(a.value.intValue ?? a.value.doubleValue ?? 0)]),
  );

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json'))
        return void res.writeHead(415).end();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        resourceSpans: {
          resource: { attributes: OtlpAttribute[] };
          scopeSpans: { spans: (Omit<ReceivedSpan, 'attributes' | 'service'> & { attributes: OtlpAttribute[] })[] }[];
        }[];
      };
      for (const rs of body.resourceSpans) {
        const service = String(attributesOf(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans) spans.push({ ...s, attributes: attributesOf(s.attributes), service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  tracing = startTracing({ endpoint: `http://127.0.0.1:${port}`, serviceName: 'release-guard-test' });
  sys = await startTestSystem({ tracing: { tracing, bundle: await bundleWorkflows(undefined, { traced: true }) } });
}, 180_000);
afterAll(async () => {
  await sys?.stop();
  await tracing?.shutdown();
  receiver?.close();
});

const names = (trace: ReceivedSpan[]) => trace.map((s) => s.name);

/** The spans of the trace a request with this correlation id started, once those named have arrived. */
async function traceOf(correlationId: string, rootName: string, expected: string[]): Promise<ReceivedSpan[]> {
  return eventually(
    async () => {
      await tracing.spanProcessor.forceFlush();
      const root = spans.find((s) => s.name === rootName && s.attributes.correlation_id === correlationId);
      return root ? spans.filter((s) => s.traceId === root.traceId) : [];
    },
    (t) => expected.every((n) => names(t).some((x) => x.startsWith(n))),
    60_000,
  );
}

describe('traces', () => {
  it('follow each request from the API through the client, the workflow and the activities to SMTP and PostgreSQL, each span with its correlation id', async () => {
    const pn = await sys.admit('MDI');
    const staff = await sys.issuer.token('mdi.officer', ['PRISON_STAFF'], ['MDI']);
    const expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
    const run = `${Date.now()}`;
    const send = (method: string, path: string, token: string, correlationId: string, body: unknown = {}) =>
      sys.http(method, path, { token, headers: { 'x-correlation-id': correlationId }, body });

    const raised = await send('POST', '/api/urgent-queries', staff, `raise-${run}`, {
      prisonCode: 'MDI',
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
      plannedRelease: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    expect(raised.status).toBe(201);
    const ref = raised.body.reference as string;
    expect((await send('POST', `/api/urgent-queries/${ref}/claim`, expert, `claim-${run}`)).status).toBe(200);
    expect(
      (
        await send('POST', `/api/urgent-queries/${ref}/resolve`, expert, `resolve-${run}`, {
          determination: 'RELEASE_MAY_PROCEED',
          evidence: 'Warrant found',
        })
      ).status,
    ).toBe(200);
    expect((await send('POST', `/api/urgent-queries/${ref}/acknowledge`, staff, `ack-${run}`)).status).toBe(200);
    await sys.authoriseIfPossible(pn);
    expect(
      (
        await send('POST', `/api/prisoners/${pn}/releases`, staff, `release-${run}`, {
          prisonCode: 'MDI',
          reason: 'RELEASED',
        })
      ).status,
    ).toBe(201);

    // The raise: API → client (update-with-start) → the query's update handler → its hold activity → the hold workflow.
    const raise = await traceOf(`raise-${run}`, 'POST /api/urgent-queries', [
      'UpdateWithStartWorkflow:queryRaised',
      'HandleUpdate:queryRaised',
      'StartActivity:syncReleaseHold',
      'RunActivity:syncReleaseHold',
      'HandleUpdate:holdOperation',
      'db.query',
    ]);
    // The answer: → the update → the alert activity → SMTP.
    const resolve = await traceOf(`resolve-${run}`, 'POST /api/urgent-queries/{reference}/resolve', [
      'HandleUpdate:resolve',
      'StartActivity:sendQueryAlert',
      'RunActivity:sendQueryAlert',
      'smtp.send',
    ]);
    // The release: → the hold's update → the activity that records it in PostgreSQL.
    const release = await traceOf(`release-${run}`, 'POST /api/prisoners/{prisonerNumber}/releases', [
      'HandleUpdate:',
      'RunActivity:releaseRecorded',
      'db.query',
    ]);

    for (const [id, trace] of [
      [`raise-${run}`, raise],
      [`resolve-${run}`, resolve],
      [`release-${run}`, release],
    ] as const) {
      // Every span in a request's trace carries its correlation id, the workflow's own included.
      expect(trace.filter((s) => s.attributes.correlation_id !== id).map((s) => s.name)).toEqual([]);
      // And no span carries the prisoner number, not even in a workflow id or an error.
      expect(JSON.stringify(trace)).not.toContain(pn);
    }
    const childOf = (trace: ReceivedSpan[], name: string) =>
      trace.find((s) => s.spanId === trace.find((c) => c.name === name)?.parentSpanId)?.name;
    expect(childOf(resolve, 'smtp.send')).toBe('RunActivity:sendQueryAlert');
    expect(
      release
        .filter((s) => s.name === 'db.query')
        .some((s) => /^RunActivity:releaseRecorded/.test(release.find((p) => p.spanId === s.parentSpanId)?.name ?? '')),
    ).toBe(true);
    expect(raise.every((s) => s.service === 'release-guard-test')).toBe(true);
  });
});
