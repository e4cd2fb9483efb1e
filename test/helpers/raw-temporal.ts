import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { collectPayloadsWithPaths } from './payloads';

// Temporal as someone without the keys sees it: a plain connection, no data converter, the
// server's own messages (what the Web UI, the CLI or a database dump would show).

export type RawHistory = temporal.api.history.v1.IHistory;

export async function rawHistory(connection: Connection, workflowId: string, namespace = 'default'): Promise<RawHistory> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

export const rawDescribe = (connection: Connection, workflowId: string, namespace = 'default') =>
  connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } });

/** Search attributes are indexed by the server, so they are readable by design (case codes, statuses, dates only). */
export const isSearchAttributePath = (path: string[]) => path.some((p) => p === 'searchAttributes' || p === 'indexedFields');

/**
 * The SDK's own bookkeeping in markers, written by its core and never through the codec: a patch's
 * id (`patch-data`) and a local activity's sequence number, attempt, type and times (`data`). The
 * local activity's result sits beside them under `result`, encrypted.
 */
export const isSdkMarkerPath = (path: string[]) => path.includes('markerRecordedEventAttributes') && (path.includes('patch-data') || path[path.indexOf('details') + 1] === 'data');

/** Every payload of a message, split into search attributes, the SDK's marker bookkeeping and the rest. */
export function payloadsOf(message: unknown): { payloads: Payload[]; searchAttributes: Payload[]; sdkMarkers: Payload[] } {
  const all = collectPayloadsWithPaths(message);
  const pick = (f: (path: string[]) => boolean) => all.filter((p) => f(p.path)).map((p) => p.payload);
  return {
    payloads: pick((path) => !isSearchAttributePath(path) && !isSdkMarkerPath(path)),
    searchAttributes: pick(isSearchAttributePath),
    sdkMarkers: pick((path) => !isSearchAttributePath(path) && isSdkMarkerPath(path)),
  };
}

/** The fields the SDK's marker bookkeeping may hold: none of them is case data. */
export const SDK_MARKER_FIELDS = new Set(['id', 'deprecated', 'seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time']);

/** A payload's bytes as text (data and metadata), to look for plaintext in. */
export const payloadText = (p: Payload): string => [p.data ?? new Uint8Array(), ...Object.values(p.metadata ?? {})].map((b) => Buffer.from(b).toString('utf8')).join('\n');

export const metadataOf = (p: Payload, name: string): string | undefined => (p.metadata?.[name] ? Buffer.from(p.metadata[name]!).toString('utf8') : undefined);

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID()}`;
