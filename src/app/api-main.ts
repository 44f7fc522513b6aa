// The API process on its own (docker-compose): TEMPORAL_ADDRESS, AUTH_JWKS_URL, AUTH_ISSUER and DATABASE_URL come from the environment.
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { connectTemporal, openStores, startApi } from './system.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel, 'release-guard-api');
if (!config.temporal.address) {
  console.error('TEMPORAL_ADDRESS is required for a stand-alone API (npm start runs the embedded system).');
  process.exit(2);
}
const stores = await openStores(config, logger);
const client = await connectTemporal(config.temporal.address, config);
const api = await startApi(client, config, logger, stores);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(
    signal,
    () =>
      void api
        .stop()
        .then(() => client.connection.close())
        .then(() => stores.stop())
        .then(() => process.exit(0)),
  );
}
