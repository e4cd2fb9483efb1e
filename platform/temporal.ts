import type { DataConverter } from '@temporalio/common';

/**
 * The one data converter of the engine, used by the API's client, the worker and the tests.
 * Payloads carry no personal data today (workflows see case codes and agency codes; dossiers stay
 * in PostgreSQL); the encrypting codec planned for operators' privacy plugs in here.
 */
export const dataConverter: DataConverter = {};

