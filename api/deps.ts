import type { Client } from '@temporalio/client';
import type { CaseOperations } from '../domain/case/machine';
import type { PdfRenderer } from '../forms';
import type { EncryptionCodec } from '../platform/codec';
import type { KeyRing } from '../platform/key-ring';
import type { Logger } from '../platform/logger';
import type { PrismaClient } from '../prisma/generated/client';
import type { RateLimits } from './auth';
import type { RunningStarter } from './case-starter';
import type { DependencyMonitor } from './health';
import type { PeopleSettings } from './people-http';

/** What the API is started with. */
export interface ApiSettings {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
  subjectKeySecret: string;
  reminderLeadMinutes: number;
  /** How cases escalate failed dispatches and ask for late answers (the workflow's input). */
  operations: CaseOperations;
  logger: Logger;
  now: () => Date;
  limits: RateLimits;
  /** Express's `trust proxy`: set when the API runs behind a reverse proxy, so rate limits see client addresses. */
  trustProxy?: boolean | number | string;
  /**
   * The codec server: the payload keys, the Temporal Web UI origins allowed to call it with
   * credentials, and whether its session cookie is Secure even when the request did not come over
   * HTTPS itself (a TLS proxy without TRUST_PROXY).
   */
  codecServer: { keyRing: KeyRing; corsOrigins: readonly string[]; secureCookies?: boolean };
  /** The console at /console/: where its build is (default console/dist) and the Temporal Web UI it links cases to. */
  consoleUi?: { distDir?: string; temporalUiUrl?: string };
  /**
   * The applicant's tracking page (/tra-cuu): where the slips' QR codes lead (PUBLIC_BASE_URL;
   * default the API's own address once it listens) and the rating code's secret (RATING_SECRET).
   */
  tracking: { publicBaseUrl?: string; ratingSecret: string };
  /** Console users' sessions and sign-in limits (defaults: DEFAULT_PEOPLE_SETTINGS in api/people-http.ts). */
  people?: Partial<PeopleSettings>;
  /** Tests: check every JSON answer against its declared schema. */
  validateResponses?: boolean;
  /** How the starter looks for cases whose workflow is owed (tests shorten it). */
  starter?: { intervalMs?: number; graceMs?: number };
  /** How long a request may take to arrive, headers and body (default REQUEST_TIMEOUT_MS); then 408. */
  requestTimeoutMs?: number;
}

/** What the routes use: the settings plus the parts startApi builds. */
export interface ApiDeps extends ApiSettings {
  pdf: PdfRenderer;
  health: DependencyMonitor;
  caseStarter: RunningStarter;
  /** Route handlers still running, for a clean stop. */
  inFlight: Set<Promise<unknown>>;
  /** The payload codec of the codec server (from `codecServer.keyRing`). */
  payloadCodec: EncryptionCodec;
  /** Where the QR codes lead: `tracking.publicBaseUrl`, or the API's own address (set once it listens). */
  publicBaseUrl: string;
}
