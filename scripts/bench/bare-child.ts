// The bare-Temporal system under test, in its own process: a worker for scripts/bench/bare-workflows.ts
// whose `dispatch` activity, like an agency system, acknowledges at once and answers afterwards
// through a Temporal Client in this same process (the engine's simulators answer over HTTP the same
// way). Started by scripts/bench.ts; see scripts/bench/ipc.ts for the protocol.
import { Client, Connection } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { answer, BareActivities } from './bare-workflows';
import { serveChild } from './ipc';

export interface BareChildConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BareChildConfig;
const ANSWER_ATTEMPTS = 10;
const RETRY_BASE_MS = 200;

let worker: Worker | undefined;
let running: Promise<void> | undefined;
let native: NativeConnection | undefined;
let connection: Connection | undefined;

serveChild({
  start: async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    connection = await Connection.connect({ address: config.temporalAddress });
    const client = new Client({ connection, namespace: config.namespace });

    const sendAnswer = async (workflowId: string, step: string): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        try {
          await client.workflow.getHandle(workflowId).executeUpdate(answer, { args: [step] });
          return;
        } catch (err) {
          if (attempt >= ANSWER_ATTEMPTS) {
            console.error(`bare: answer to ${workflowId}/${step} failed ${attempt} times:`, err);
            return;
          }
          await new Promise((r) => setTimeout(r, RETRY_BASE_MS * attempt));
        }
      }
    };
    const activities: BareActivities = {
      async recordChange() {},
      async dispatch(step) {
        const workflowId = Context.current().info.workflowExecution?.workflowId;
        if (!workflowId) throw new Error('dispatch runs only inside a workflow');
        setTimeout(() => void sendAnswer(workflowId, step), 0); // after acknowledging, as the simulators do
      },
    };

    native = await NativeConnection.connect({ address: config.temporalAddress });
    worker = await Worker.create({
      connection: native,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowsPath: require.resolve('./bare-workflows'),
      activities,
    });
    running = worker.run();
    return {};
  },
  stop: async () => {
    worker?.shutdown();
    await running;
    await native?.close();
    await connection?.close();
  },
});
