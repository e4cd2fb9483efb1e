// The one way the engine opens its database: Prisma 7's engine-free client over `pg` through the
// driver adapter (no query-engine binary to download or ship).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

/** A client with its own `pg` pool; call `$disconnect()` to close it. */
export function createPrismaClient(databaseUrl: string): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl });
  return new PrismaClient({ adapter });
}
