import type { Client } from '@temporalio/client';
import { decodeUserMetadata } from '@temporalio/common/lib/internal-non-workflow';

/** The summaries an operator reads in the Temporal UI for each event of a case's history, decoded as the UI does. */
export async function historySummaries(client: Client, caseCode: string): Promise<{ type: string; summary?: string }[]> {
  const history = await client.workflow.getHandle(caseCode).fetchHistory();
  const converter = client.options.loadedDataConverter;
  return Promise.all(
    history.events!.map(async (e) => ({
      type: String(e.eventType),
      summary: e.userMetadata ? (await decodeUserMetadata(converter, e.userMetadata)).staticSummary : undefined,
    })),
  );
}
