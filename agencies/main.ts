import { useOrganisation } from '../domain/catalogue';
import { createLogger } from '../platform/logger';
import { requireProvinceData } from '../platform/province-data';
import { configFromEnv, SimulatorConfigError } from './config';
import { createSimulator } from './simulator';

/** `npm run simulator`: one agency system simulator configured from SIMULATOR_* variables. */
async function main(): Promise<void> {
  const logger = createLogger('agency-simulator');
  // The agencies it serves by default are the province data's (PROVINCE_DATA_DIR, default the sample).
  useOrganisation(requireProvinceData());
  let env;
  try {
    env = configFromEnv();
  } catch (err) {
    if (!(err instanceof SimulatorConfigError)) throw err;
    for (const issue of err.issues) logger.error({ variable: issue.path }, issue.message);
    process.exitCode = 1;
    return;
  }
  const simulator = createSimulator(env.config, { logger });
  await simulator.start(env.port);
  if (env.config.mode === 'auto' && !env.config.inboundToken) {
    logger.warn('SIMULATOR_INBOUND_TOKEN is not set: any caller can dispatch to this simulator');
  }
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopping');
    simulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
