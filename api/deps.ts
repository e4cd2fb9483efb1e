import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/generated/client';
import type { Logger } from '../platform/logger';

export interface ApiDeps {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
  subjectKeySecret: string;
  reminderLeadMinutes: number;
  logger: Logger;
  now: () => Date;
}
