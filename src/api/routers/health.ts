import { createConnection } from 'node:net';
import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { hasRole } from '../../domain/actors.ts';
import type { AuditHealth } from '../../infra/audit-log.ts';
import { ROUTING } from '../routing.ts';

export interface HealthDeps {
  client: Client;
  smtp: { host: string; port: number };
  audit: { health(): AuditHealth };
  version: string;
  commit: string;
  /** Verifies a bearer token when one is sent: an operator's token shows each component's detail. */
  authenticate: RequestHandler;
  /** How long an SMTP check is reused, so callers of /health cannot make it open connections. */
  smtpCheckTtlMs?: number;
}

type ComponentStatus = { status: 'UP' | 'DOWN'; detail?: string };

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

async function temporalStatus(client: Client): Promise<ComponentStatus> {
  try {
    await withTimeout(client.connection.workflowService.getSystemInfo({}), 3_000);
    return { status: 'UP' };
  } catch (err) {
    return { status: 'DOWN', detail: (err as Error).message };
  }
}

function smtpStatus({ host, port }: HealthDeps['smtp']): Promise<ComponentStatus> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 3_000 });
    const done = (status: ComponentStatus) => {
      socket.destroy();
      resolve(status);
    };
    socket.once('connect', () => done({ status: 'UP' }));
    socket.once('timeout', () => done({ status: 'DOWN', detail: 'connection timed out' }));
    socket.once('error', (err) => done({ status: 'DOWN', detail: err.message }));
  });
}

/** One check shared by every caller for `ttlMs`, and by concurrent callers while it runs. */
function cached<T>(check: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > ttlMs) last = { at: Date.now(), result: check() };
    return last.result;
  };
}

/**
 * /health, /ping and /info: no token needed, and free of any case data. /health shows each
 * component's status to anyone (load balancers, monitoring) and the detail of a failure only to an
 * operator: error messages name hosts and ports.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router(ROUTING);
  const smtp = cached(() => smtpStatus(deps.smtp), deps.smtpCheckTtlMs ?? 30_000);
  router.get('/ping', (_req, res) => void res.json({ status: 'UP' }));
  router.get(
    '/info',
    (_req, res) => void res.json({ name: 'release-guard', version: deps.version, commit: deps.commit }),
  );
  const optionalToken: RequestHandler = (req, res, next) =>
    req.headers.authorization ? deps.authenticate(req, res, next) : next();
  router.get('/health', optionalToken, async (req, res) => {
    const [temporal, mail] = await Promise.all([temporalStatus(deps.client), smtp()]);
    const components: Record<string, ComponentStatus> = { temporal, smtp: mail, audit: deps.audit.health() };
    const up = Object.values(components).every((c) => c.status === 'UP');
    const operator = req.actor !== undefined && hasRole(req.actor, 'OPERATOR');
    const shown = Object.fromEntries(
      Object.entries(components).map(([name, c]) => [name, operator ? c : { status: c.status }]),
    );
    res.status(up ? 200 : 503).json({ status: up ? 'UP' : 'DOWN', components: shown });
  });
  return router;
}
