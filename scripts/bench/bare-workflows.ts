// Bare-Temporal baseline: the transitions of an engine death case with nothing else — one dispatch
// (an activity) and its answer (an Update sent by an outside client), then three parallel
// dispatches and their answers. Empty bodies, no ledger, no search attributes, no legal clock.
// Bundled into the workflow sandbox by the bare worker (scripts/bench/bare-child.ts).
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  /** Hands a step to the "agency"; it answers later through `answer`, like an agency system. */
  dispatch(step: string): Promise<void>;
}

/** The agency's answer to a dispatched step (the engine's `complete`, without a result). */
export const answer = defineUpdate<void, [string]>('answer');

const { dispatch } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

export const FIRST_STEP = 'death-registration';
export const PARALLEL_STEPS = ['residence-deregistration', 'funeral-allowance', 'survivor-allowance'];

export async function bareCase(): Promise<void> {
  const dispatched = new Set<string>();
  const answered = new Set<string>();
  // Like the engine's validators: an answer to a step not handed out, or answered twice, is refused.
  setHandler(
    answer,
    (step) => {
      answered.add(step);
    },
    {
      validator: (step) => {
        if (!dispatched.has(step)) throw new Error(`step ${step} was not dispatched`);
        if (answered.has(step)) throw new Error(`step ${step} was already answered`);
      },
    },
  );
  const run = async (step: string) => {
    dispatched.add(step);
    await dispatch(step);
    await condition(() => answered.has(step));
  };
  await run(FIRST_STEP);
  await Promise.all(PARALLEL_STEPS.map(run));
}
