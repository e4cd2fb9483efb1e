// Bare-Temporal baseline: the transitions of an engine death case with nothing else — one dispatch
// (an activity) and its answer (an Update sent by an outside client), then three parallel
// dispatches and their answers. Empty bodies, no ledger, no search attributes, no legal clock.
// With `features` (--baseline-features), the same plus what the engine's case asks of Temporal
// besides its transitions, still with empty bodies and nothing behind them (see BareOptions).
// Bundled into the workflow sandbox by the bare worker (scripts/bench/bare-child.ts).
import { allHandlersFinished, CancellationScope, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { caseSearchAttributes } from '../../workflows/search-attributes';

export interface BareActivities {
  /** Hands a step to the "agency"; it answers later through `answer`, like an agency system. */
  dispatch(step: string): Promise<void>;
  /** The engine's ledger write in form only: a local activity that does nothing. */
  recordChange(): Promise<void>;
}

export interface BareOptions {
  /**
   * At the start and after each answer (5 times, as the engine's death case): a search-attribute
   * write (status and pending steps), the legal clock's one timer cancelled and armed again, and a
   * local activity the Update waits for (the ledger write). The engine's recorded death case has 4
   * search-attribute writes, 5 timers (4 cancelled) and 5 local activities.
   */
  features?: boolean;
}

/** The agency's answer to a dispatched step (the engine's `complete`, without a result). */
export const answer = defineUpdate<void, [string]>('answer');

const { dispatch } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });
const { recordChange } = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

export const FIRST_STEP = 'death-registration';
export const PARALLEL_STEPS = ['residence-deregistration', 'funeral-allowance', 'survivor-allowance'];

export async function bareCase(o: BareOptions = {}): Promise<void> {
  const dispatched = new Set<string>();
  const answered = new Set<string>();
  let clock: CancellationScope | undefined;
  const changed = async () => {
    if (!o.features) return;
    const pending = [...dispatched].filter((s) => !answered.has(s));
    upsertSearchAttributes([
      { key: caseSearchAttributes.caseStatus, value: pending.length ? 'IN_PROGRESS' : 'COMPLETED' },
      { key: caseSearchAttributes.pendingAgencies, value: pending },
    ]);
    clock?.cancel();
    clock = new CancellationScope();
    clock.run(() => sleep('1 day')).catch(() => undefined);
    await recordChange();
  };
  // Like the engine's validators: an answer to a step not handed out, or answered twice, is refused.
  setHandler(
    answer,
    async (step) => {
      answered.add(step);
      await changed();
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
  dispatched.add(FIRST_STEP);
  await changed();
  await run(FIRST_STEP);
  await Promise.all(PARALLEL_STEPS.map(run));
  // As the engine: answers still waiting for their local activity finish before the workflow does.
  if (o.features) await condition(allHandlersFinished);
}
