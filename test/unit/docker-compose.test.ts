import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/infra/config.ts';

const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const DOCKERFILE = fileURLToPath(new URL('../../Dockerfile', import.meta.url));

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
};

/** What an operator must set: the file refuses to resolve without each. */
const VALIDATION_ENV = {
  COMPOSE_PROJECT_NAME: 'release-guard',
  ACK_TOKEN_SECRET: 'a-secret-used-only-to-validate-compose-0001',
  CASE_ID_SECRET: 'another-secret-used-only-to-validate-compose-01',
  PUBLIC_BASE_URL: 'https://release-guard.justice.example',
  AUTH_JWKS_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth/.well-known/jwks.json',
  AUTH_ISSUER: 'https://sign-in.hmpps.service.justice.gov.uk/auth/issuer',
  PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  AUTH_AUTHORIZE_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth/oauth/authorize',
  AUTH_TOKEN_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth/oauth/token',
  AUTH_SIGN_OUT_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth/sign-out',
  AUTH_CLIENT_SECRET: 'a-client-secret-used-only-to-validate-compose',
  SESSION_SECRET: 'a-session-secret-used-only-to-validate-compose',
  COURT_RESULTS_SIGNING_SECRET: 'a-court-secret-used-only-to-validate-compose',
  METRICS_TOKEN: 'a-metrics-token-used-only-to-validate-compose',
  GRAFANA_ADMIN_PASSWORD: 'a-grafana-password-used-only-to-validate-compose',
};

const hasDockerCompose = (() => {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * There is no Docker engine here, so the stack cannot be started; instead docker-compose itself
 * (Debian's package, installed by .ci/run) parses, validates and resolves the file, and we check
 * the result. On a machine without docker-compose the file is only parsed as YAML (merge keys resolved).
 */
function resolvedCompose(): { services: Record<string, Service> } {
  if (!hasDockerCompose)
    return parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const out = execFileSync('docker-compose', ['-f', COMPOSE_FILE, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ...VALIDATION_ENV },
  });
  return parse(out) as { services: Record<string, Service> };
}

describe(`docker-compose.yml (${hasDockerCompose ? 'validated by docker-compose config' : 'parsed as YAML only: docker-compose is not installed'})`, () => {
  const compose = resolvedCompose();
  const { services } = compose;

  it('is accepted by docker-compose config', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'grafana',
      'jaeger',
      'mailcatcher',
      'postgresql',
      'prometheus',
      'temporal',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
  });
  it('runs Temporal on PostgreSQL after its schema is set up', () => {
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(services.temporal!.depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(services['temporal-schema']!.depends_on).toMatchObject({ postgresql: { condition: 'service_healthy' } });
  });
  it('builds the app once for the API and two worker replicas, both pointed at the cluster', () => {
    expect(services.worker!.deploy?.replicas).toBe(2);
    for (const name of ['api', 'worker']) {
      expect(services[name]!.build).toBeDefined();
      expect(services[name]!.environment).toMatchObject({
        NODE_ENV: 'production',
        TEMPORAL_ADDRESS: 'temporal:7233',
        SMTP_HOST: 'mailcatcher',
      });
      expect(services[name]!.depends_on).toMatchObject({ temporal: { condition: 'service_healthy' } });
    }
    expect(services.api!.environment?.ACK_TOKEN_SECRET).toBeTruthy();
    expect(services.api!.command).toEqual(['node', '--import', 'tsx', 'src/app/api-main.ts']);
    // A bounded heap, and a workflow cache sized from the measured cost of a cached hold (docs/performance.md).
    expect(services.worker!.command).toEqual([
      'node',
      '--max-old-space-size=3072',
      '--import',
      'tsx',
      'src/app/worker-main.ts',
    ]);
    expect(services.worker!.environment).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: '6000' });
  });
  it('publishes nothing beyond this host’s loopback: Temporal, its UI and the mail catcher have no sign-in', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of (service as { ports?: (string | { host_ip?: string })[] }).ports ?? []) {
        const hostIp = typeof port === 'string' ? port.split(':')[0] : port.host_ip;
        expect({ service: name, hostIp }).toEqual({ service: name, hostIp: '127.0.0.1' });
      }
    }
  });
  it('writes every published port as 127.0.0.1:host:container in the file itself, so no resolver default can widen it', () => {
    const raw = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as {
      services: Record<string, { ports?: unknown[] }>;
    };
    for (const [name, service] of Object.entries(raw.services)) {
      for (const port of service.ports ?? [])
        expect({ service: name, port }).toEqual({
          service: name,
          port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/),
        });
    }
  });
  it('runs the Temporal Web UI read-only: terminating a hold there would let the next release through on a fresh, empty hold', () => {
    expect(String(services['temporal-ui']!.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS)).toBe('true');
  });
  it('runs Prometheus on the API and every worker, Grafana with its dashboard, and Jaeger for the traces', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const mounts = (name: string) =>
      ((services[name] as { volumes?: (string | { source: string; target: string })[] }).volumes ?? []).map((v) =>
        typeof v === 'string' ? { source: v.split(':')[0]!, target: v.split(':')[1]! } : v,
      );
    const hostFile = (source: string) => path.resolve(root, source.replace(/^\.\//, ''));
    // Prometheus reads the file compose mounts, which scrapes the API with the token and each worker replica on the port it serves.
    const promConfig = mounts('prometheus').find((m) => m.target === '/etc/prometheus/prometheus.yml')!;
    const prom = parse(readFileSync(hostFile(promConfig.source), 'utf8')) as {
      scrape_configs: {
        job_name: string;
        authorization?: { credentials_file: string };
        static_configs?: { targets: string[] }[];
        dns_sd_configs?: { names: string[]; port: number }[];
      }[];
    };
    const api = prom.scrape_configs.find((c) => c.job_name === 'release-guard-api')!;
    expect(api.static_configs![0]!.targets).toEqual(['api:3000']);
    expect(services.prometheus!.command!.join(' ')).toContain(`> ${api.authorization!.credentials_file}`);
    const workers = prom.scrape_configs.find((c) => c.job_name === 'release-guard-worker')!;
    expect(workers.dns_sd_configs![0]).toMatchObject({
      names: ['worker'],
      port: Number(services.worker!.environment!.WORKER_METRICS_ADDRESS!.split(':')[1]),
    });
    expect(services.api!.environment!.METRICS_TOKEN).toBe(services.prometheus!.environment!.METRICS_TOKEN);
    // Grafana is provisioned with its data sources and the dashboard from files that exist.
    const files = mounts('grafana').filter((m) => m.source.includes('/'));
    expect(files).toHaveLength(2);
    for (const { source } of files) expect(existsSync(hostFile(source))).toBe(true);
    const provider = parse(
      readFileSync(path.join(root, 'ops/grafana/provisioning/dashboards/dashboards.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] };
    expect(mounts('grafana').map((m) => m.target)).toContain(provider.providers[0]!.options.path);
    // Traces go to Jaeger's OTLP/HTTP port.
    expect(services.jaeger!.environment!.COLLECTOR_OTLP_ENABLED).toBe('true');
    expect(services.worker!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
  });
  it('passes the production checks: the app’s configuration accepts what compose gives it', () => {
    const env = Object.fromEntries(Object.entries(services.api!.environment ?? {}).map(([k, v]) => [k, String(v)]));
    expect(() => loadConfig(env)).not.toThrow();
  });
  it('has a Dockerfile that copies every folder its commands import, and installs every package they import', () => {
    const dockerfile = readFileSync(DOCKERFILE, 'utf8');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const { folders, packages } = importsFrom([
      'src/app/api-main.ts',
      'src/app/worker-main.ts',
      'scripts/bundle-workflows.ts',
    ]);
    // Not a fixed list: a folder the API or the worker reaches (src/services/, src/web/ …) and the image lacks would fail only in production.
    expect(folders).toEqual(expect.arrayContaining(['src', 'scripts']));
    expect(folders).not.toContain('tools');
    for (const dir of folders) expect(dockerfile).toContain(`COPY ${dir} ./${dir}`);
    const { dependencies } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const pkg of packages) expect({ pkg, production: pkg in dependencies }).toEqual({ pkg, production: true });
  });
});

/** The top-level folders and npm packages reachable by static imports (type-only ones aside) from these entry files. */
function importsFrom(entries: string[]): { folders: string[]; packages: string[] } {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const [, typeOnly, spec] of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
      if (typeOnly) continue;
      if (spec!.startsWith('.'))
        queue.push(path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec!)));
      else if (!spec!.startsWith('node:'))
        packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
    }
  }
  const folders = [...new Set([...seen].map((f) => f.split(path.sep)[0]!))].sort();
  return { folders, packages: [...packages].sort() };
}
