// A worker process on its own (docker-compose runs several): TEMPORAL_ADDRESS and DATABASE_URL are required.
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { connectTemporal, openStores, runWorker } from './system.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel, 'release-guard-worker');
if (!config.temporal.address) {
  console.error('TEMPORAL_ADDRESS is required for a stand-alone worker (npm start runs the embedded system).');
  process.exit(2);
}
const client = await connectTemporal(config.temporal.address, config);
await client.connection.close();
const stores = await openStores(config, logger);
const worker = await runWorker(config.temporal.address, config, logger, stores);
// The Temporal runtime shuts the worker down on SIGINT/SIGTERM; wait for it to drain, then clean up.
await worker.done;
await worker.stop();
await stores.stop();
