// The API process on its own (docker-compose): TEMPORAL_ADDRESS, AUTH_JWKS_URL and AUTH_ISSUER come from the environment.
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { connectTemporal, startApi } from '../infra/system.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, 'release-guard-api');
if (!config.TEMPORAL_ADDRESS) {
  console.error('TEMPORAL_ADDRESS is required for a stand-alone API (npm start runs the embedded system).');
  process.exit(2);
}
const client = await connectTemporal(config.TEMPORAL_ADDRESS, config);
const api = await startApi(client, config, logger);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void api.stop().then(() => client.connection.close()).then(() => process.exit(0)));
}
