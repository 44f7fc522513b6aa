import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAuditLog, reliableAudit, type AuditEvent } from '../../src/infra/audit-log.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

const auditLines = (file: string): AuditEvent[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);

describe('tokens', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ withWorker: false });
  });
  afterAll(() => sys?.stop());
  const read = async (token: string) => (await sys.http('GET', '/api/urgent-queries', { token })).status;

  it('needs an expiry and this service’s audience; allows the configured clock tolerance and no more', async () => {
    const lead = (options: Parameters<TestSystem['issuer']['token']>[3]) =>
      sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD'], [], options);
    expect(await read(await lead({}))).toBe(200);
    expect(await read(await lead({ expiresIn: null }))).toBe(401);
    expect(await read(await lead({ audience: null }))).toBe(401);
    expect(await read(await lead({ audience: 'some-other-service' }))).toBe(401);
    // 30 seconds' tolerance: expired 10 s ago passes, 60 s ago does not.
    const now = Math.floor(Date.now() / 1000);
    expect(await read(await lead({ issuedAt: now - 600, expiresIn: now - 10 }))).toBe(200);
    expect(await read(await lead({ issuedAt: now - 600, expiresIn: now - 60 }))).toBe(401);
  });

  it('keeps a client’s correlation id only in a safe, bounded shape', async () => {
    const token = await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']);
    const echo = async (id: string) =>
      (await sys.http('GET', '/api/urgent-queries', { token, headers: { 'X-Correlation-Id': id } })).headers.get(
        'x-correlation-id',
      );
    expect(await echo('abc-123.x:y_z')).toBe('abc-123.x:y_z');
    for (const bad of ['a'.repeat(101), 'has space', '<script>', 'tab\there', '{"json":1}']) {
      const issued = await echo(bad);
      expect(issued).not.toBe(bad);
      expect(issued).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('rate limits', () => {
  let sys: TestSystem;
  afterAll(() => sys?.stop());

  it('ignores X-Forwarded-For unless a proxy is trusted, so a client cannot name a fresh address for each request', async () => {
    sys = await startTestSystem({ withWorker: false, rateLimitPerMinute: 3 });
    const token = await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await sys.http('GET', '/api/urgent-queries', { token, headers: { 'X-Forwarded-For': `203.0.113.${i}` } }))
          .status,
      );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    await sys.stop();
  });

  it('limits each user wherever their requests come from, and no one else by it', async () => {
    sys = await startTestSystem({
      withWorker: false,
      rateLimitPerMinute: 100,
      rateLimitPerUserPerMinute: 3,
      trustProxy: 1,
    });
    const token = await sys.issuer.token('busy.lead', ['QUERY_UNIT_LEAD']);
    const statuses: number[] = [];
    // Each from its own address behind the trusted proxy: the per-address limit never bites.
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await sys.http('GET', '/api/urgent-queries', { token, headers: { 'X-Forwarded-For': `203.0.113.${i}` } }))
          .status,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await sys.issuer.token('other.lead', ['QUERY_UNIT_LEAD']);
    expect(
      (await sys.http('GET', '/api/urgent-queries', { token: other, headers: { 'X-Forwarded-For': '203.0.113.9' } }))
        .status,
    ).toBe(200);
  });
});

describe('an audit trail that cannot fall silent', () => {
  let sys: TestSystem;
  let failing = false;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rg-audit-')), 'audit.jsonl');
  const inner = fileAuditLog(file);
  beforeAll(async () => {
    // The file sink, with a disk that fills up on cue.
    const flaky = {
      record: (e: AuditEvent) =>
        failing ? Promise.reject(new Error('ENOSPC: no space left on device, write')) : inner.record(e),
    };
    sys = await startTestSystem({ audit: reliableAudit(flaky, [5, 5]) });
  });
  afterAll(() => sys?.stop());

  it('refuses a change it cannot audit (503), changes nothing, reports the sink DOWN, and recovers with it', async () => {
    const pn = await sys.admit('MDI');
    const officer = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    const operator = await sys.issuer.token('ops', ['OPERATOR']);
    failing = true;
    const refused = await sys.http('POST', `/api/prisoners/${pn}/holds`, {
      token: officer,
      body: { reason: 'Awaiting the warrant' },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/audit trail/);
    // Nothing was placed: no hold workflow was even started.
    await expect(sys.client.workflow.getHandle(holdWorkflowId(pn)).describe()).rejects.toThrow(/not found/i);
    // Reads are refused too: a read of a case is on the record or does not happen.
    expect((await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: officer })).status).toBe(503);
    const down = await sys.http('GET', '/health');
    expect(down.status).toBe(503);
    expect(down.body.components.audit).toEqual({ status: 'DOWN' });
    expect((await sys.http('GET', '/health', { token: operator })).body.components.audit).toEqual({
      status: 'DOWN',
      detail: expect.stringMatching(/ENOSPC/),
    });

    failing = false;
    const placed = await sys.http('POST', `/api/prisoners/${pn}/holds`, {
      token: officer,
      body: { reason: 'Awaiting the warrant' },
    });
    expect(placed.status).toBe(201);
    expect((await sys.http('GET', '/health')).body.components.audit).toEqual({ status: 'UP' });
    const lines = auditLines(file).filter((e) => e.correlationId === placed.headers.get('x-correlation-id'));
    expect(lines.map((e) => [e.phase, e.operation, e.status])).toEqual([
      ['REQUEST', 'placeManualHold', undefined],
      ['RESPONSE', 'placeManualHold', 201],
    ]);
  });

  it('audits lists, searches and the event feed, with what was asked for', async () => {
    const lead = await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']);
    const calls = [
      ['/api/urgent-queries?status=IN_PROGRESS', 'listQueue', { status: 'IN_PROGRESS' }],
      ['/api/prisoners?lastName=Smith', 'searchPrisoners', { lastName: 'Smith' }],
      ['/api/events?limit=5', 'listEvents', { limit: '5' }],
      ['/api/incidents', 'listIncidents', undefined],
    ] as const;
    for (const [url, operation, query] of calls) {
      const res = await sys.http('GET', url, { token: lead });
      expect(res.status).toBe(200);
      const lines = auditLines(file).filter((e) => e.correlationId === res.headers.get('x-correlation-id'));
      expect(lines[0]).toMatchObject({ phase: 'REQUEST', operation, who: 'team.lead', ...(query ? { query } : {}) });
      expect(lines[0]!.subjectId).toBeUndefined();
    }
  });
});

describe('/health', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ withWorker: false });
  });
  afterAll(() => sys?.stop());

  it('shows status to anyone and details only to an operator; checks SMTP once however often it is asked', async () => {
    const connections = () => sys.mail.connectionCount;
    const before = connections();
    for (let i = 0; i < 10; i++) expect((await sys.http('GET', '/health')).status).toBe(200);
    expect(connections() - before).toBeLessThanOrEqual(1);
    await sys.mail.stop();
    try {
      // Still the cached answer: an anonymous caller cannot make it probe again.
      expect((await sys.http('GET', '/health')).body.components.smtp).toEqual({ status: 'UP' });
    } finally {
      await sys.mail.start();
    }
    const lead = await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']);
    expect((await sys.http('GET', '/health', { token: lead })).body.components).toEqual({
      temporal: { status: 'UP' },
      smtp: { status: 'UP' },
      audit: { status: 'UP' },
    });
    expect((await sys.http('GET', '/health', { token: 'not-a-token' })).status).toBe(401);
  });
});

describe('email headers', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(() => sys?.stop());

  it('carry no prisoner number: not the Message-ID, not the reference, not any other', async () => {
    const pn = await sys.admit('MDI');
    const governor = await sys.issuer.token('duty.governor', ['DUTY_GOVERNOR'], ['MDI']);
    const vlo = await sys.issuer.token('vlo', ['VICTIM_LIAISON']);
    const registered = await sys.http('POST', `/api/victim-contact/${pn}/registrations`, {
      token: vlo,
      body: {
        vloName: 'Vic Liaison',
        vloEmail: `vlo.${pn.toLowerCase()}@probation.test`,
        teamMailbox: 'vlo-team@probation.test',
        probationRegion: 'Yorkshire',
        eligibility: 'STATUTORY',
      },
    });
    expect(registered.status).toBe(201);
    const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: governor,
      body: { howFound: 'The warrant arrived after discharge' },
    });
    expect(reported.status).toBe(201);
    // The incident's own alert (police and unit head) and the VLO's urgent notice.
    const ours = (m: CaughtMail) =>
      m.to.includes(`vlo.${pn.toLowerCase()}@probation.test`) ||
      m.headers['x-release-guard-reference']?.startsWith('RIE-') === true;
    const mails = await sys.mail.waitFor(ours, { count: 2 });
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const mail of mails) {
      const headers = JSON.stringify({ ...mail.headers, messageId: mail.messageId, subject: mail.subject });
      expect(headers).not.toContain(pn);
      expect(mail.headers['x-release-guard-reference']).toMatch(/^(RIE-P[0-9A-F]{12}-|VN-)/);
    }
    // The body is for the people who must act: it names him.
    expect(mails.some((m) => m.text?.includes(pn))).toBe(true);
  });
});

describe('case data encrypted in Temporal', () => {
  let sys: TestSystem;
  let raw: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    // What anyone with the Temporal database, CLI or Web UI sees: no codec.
    raw = new Client({ connection: sys.client.connection, namespace: sys.namespace });
  });
  afterAll(() => sys?.stop());

  /** Every byte string in a history, as text: payload data and metadata alike. */
  const textOf = (value: unknown, out: string[] = []): string[] => {
    if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
    else if (Array.isArray(value)) for (const v of value) textOf(v, out);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) textOf(v, out);
    else if (typeof value === 'string') out.push(value);
    return out;
  };

  it('stores questions, VLO addresses and notes only as ciphertext; search attributes name no prisoner', async () => {
    const pn = await sys.admit('MDI');
    const officer = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    const vlo = await sys.issuer.token('vlo', ['VICTIM_LIAISON']);
    const question = 'Secret-question: is the remand warrant from Sheffield on file?';
    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: officer,
      body: { prisonerNumber: pn, category: 'WARRANT_MISSING', question },
    });
    expect(raised.status).toBe(201);
    const vloEmail = `secret.vlo.${pn.toLowerCase()}@probation.test`;
    const registered = await sys.http('POST', `/api/victim-contact/${pn}/registrations`, {
      token: vlo,
      body: {
        vloName: 'Secret Liaison',
        vloEmail,
        teamMailbox: 'vlo-team@probation.test',
        probationRegion: 'Yorkshire',
        eligibility: 'STATUTORY',
      },
    });
    expect(registered.status).toBe(201);

    // Through the service (with the codec) everything reads as before.
    expect(
      (await sys.http('GET', `/api/urgent-queries/${raised.body.reference}`, { token: officer })).body.question,
    ).toBe(question);
    // In Temporal, the query's history and the registration's hold none of it.
    const registrations = sys.client.workflow.list({ query: `WorkflowType = 'victimContactRegistration'` });
    const registrationId = (await registrations[Symbol.asyncIterator]().next()).value!.workflowId;
    for (const id of [raised.body.reference, registrationId, holdWorkflowId(pn)]) {
      const history = textOf(await raw.workflow.getHandle(id).fetchHistory()).join('\n');
      expect(history).not.toContain('Secret-question');
      expect(history).not.toContain('secret.vlo');
      expect(history).not.toContain('Secret Liaison');
      expect(history).toContain('binary/encrypted');
    }
    // The memo (his number, for lists) is encrypted too: without the codec it cannot even be read.
    await expect(raw.workflow.getHandle(raised.body.reference).describe()).rejects.toThrow(
      /Unknown encoding: binary\/encrypted/,
    );
    // Search attributes cannot be encrypted, so they must not name him.
    for (const id of [raised.body.reference, holdWorkflowId(pn), registrationId]) {
      const described = await sys.client.workflow.getHandle(id).describe();
      expect(Object.keys(described.searchAttributes).length).toBeGreaterThan(0);
      expect(JSON.stringify(described.searchAttributes)).not.toContain(pn);
    }
    // The queue still finds his query by his number, through the keyed hash.
    const lead = await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']);
    const found = await eventually(
      () => sys.http('GET', `/api/urgent-queries?prisonerNumber=${pn}`, { token: lead }),
      (r) => r.body.items.length === 1,
    );
    expect(found.body.items[0]).toMatchObject({ reference: raised.body.reference, prisonerNumber: pn });
  });

  it('decodes for the Temporal Web UI only for an operator or team leader, from the UI’s origin', async () => {
    const pn = await sys.admit('MDI');
    const officer = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: officer,
      body: { prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'Codec: is the warrant on file?' },
    });
    const history = await raw.workflow.getHandle(raised.body.reference).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
          ),
          data: Buffer.from(input.data!).toString('base64'),
        },
      ],
    };
    const operator = await sys.issuer.token('ops', ['OPERATOR']);
    const decoded = await sys.http('POST', '/codec/decode', {
      token: operator,
      body,
      headers: { Origin: 'http://temporal-ui.test', 'X-Namespace': sys.namespace },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe('http://temporal-ui.test');
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain('Codec: is the warrant on file?');
    // And back: what the UI encodes, the service reads.
    const encoded = await sys.http('POST', '/codec/encode', { token: operator, body: decoded.body });
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');

    expect((await sys.http('POST', '/codec/decode', { body })).status).toBe(401);
    expect((await sys.http('POST', '/codec/decode', { token: officer, body })).status).toBe(403);
    const garbage = {
      payloads: [
        {
          metadata: {
            encoding: Buffer.from('binary/encrypted').toString('base64'),
            'encryption-key-id': Buffer.from('test-1').toString('base64'),
          },
          data: Buffer.from('not ciphertext at all, not at all').toString('base64'),
        },
      ],
    };
    expect((await sys.http('POST', '/codec/decode', { token: operator, body: garbage })).status).toBe(422);
    // A preflight from the UI's origin is allowed; from anywhere else it gets no CORS headers.
    const preflight = await fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://temporal-ui.test',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const elsewhere = await fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
