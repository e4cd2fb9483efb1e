import { Client, Connection } from '@temporalio/client';
import { caseOperationsOf, codecCorsOriginsOf, loadConfig, peopleSettingsOf, rateLimitsOf, requireKeyRing, requirePublicBaseUrl, requireRatingSecret, requireSetting, temporalUiUrlOf } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createDataConverter } from '../platform/temporal';
import { createPrismaClient } from '../prisma/client';
import { startApi } from './app';

/** Production entry of the API. Stops accepting requests, then closes connections, on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', { level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production' });
  const keyRing = requireKeyRing(config);
  const tracking = { publicBaseUrl: requirePublicBaseUrl(config), ratingSecret: requireRatingSecret(config) };
  const db = createPrismaClient(requireSetting(config.DATABASE_URL, 'DATABASE_URL'));
  // Lazy: the API starts (and receives cases) while Temporal is down; the starter starts their workflows later.
  const connection = Connection.lazy({ address: requireSetting(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS') });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(keyRing) });
  const api = await startApi(
    {
      db,
      temporal,
      taskQueue: config.TASK_QUEUE,
      subjectKeySecret: config.SUBJECT_KEY_SECRET,
      reminderLeadMinutes: config.REMINDER_LEAD_MINUTES,
      operations: caseOperationsOf(config),
      logger,
      now: () => new Date(),
      limits: rateLimitsOf(config),
      trustProxy: config.TRUST_PROXY,
      // In production the UI reaches the codec server over HTTPS: its session cookie is Secure.
      codecServer: { keyRing, corsOrigins: codecCorsOriginsOf(config), secureCookies: config.NODE_ENV === 'production' },
      consoleUi: { temporalUiUrl: temporalUiUrlOf(config) },
      tracking,
      // Console sessions: a Secure cookie in production, sign-in failures slowed per username and address.
      people: peopleSettingsOf(config),
    },
    config.PORT,
    config.HOST,
  );
  logger.info({ url: api.url }, 'API listening');
  const stop = async () => {
    await api.stop();
    await connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
