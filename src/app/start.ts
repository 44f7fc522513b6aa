// `npm start`: the whole system on the embedded default (or on TEMPORAL_ADDRESS when set).
import { ConfigError, loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { startSystem } from './system.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger(config.logLevel);

try {
  const system = await startSystem(config, logger);
  const lines = [
    '',
    'Release Guard is running.',
    `  API          http://localhost:${config.http.port}/api   (health: /health)`,
    config.temporal.address
      ? `  Temporal     ${config.temporal.address}`
      : `  Temporal UI  http://localhost:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}`,
    config.smtp.devMailCatcher
      ? `  Dev mail     http://localhost:${config.http.port}/dev/mail   (SMTP on ${config.smtp.host}:${config.smtp.port})`
      : '',
    system.issuer ? '  Get a token  npm run token -- --user NAME --role COURT_EXPERT [--caseload MDI,LEI]' : '',
    'Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.filter((l) => l !== '').join('\n'));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  logger.error({ err }, 'Release Guard failed to start');
  console.error((err as Error).message);
  process.exit(1);
}
