import { createConnection } from 'node:net';
import { Router } from 'express';
import type { Client } from '@temporalio/client';

export interface HealthDeps {
  client: Client;
  smtp: { host: string; port: number };
  version: string;
  commit: string;
}

type ComponentStatus = { status: 'UP' | 'DOWN'; detail?: string };

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

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

/** /health, /ping and /info: unauthenticated, and free of any case data. */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/ping', (_req, res) => void res.json({ status: 'UP' }));
  router.get('/info', (_req, res) => void res.json({ name: 'release-guard', version: deps.version, commit: deps.commit }));
  router.get('/health', async (_req, res) => {
    const [temporal, smtp] = await Promise.all([temporalStatus(deps.client), smtpStatus(deps.smtp)]);
    const up = temporal.status === 'UP' && smtp.status === 'UP';
    res.status(up ? 200 : 503).json({ status: up ? 'UP' : 'DOWN', components: { temporal, smtp } });
  });
  return router;
}
