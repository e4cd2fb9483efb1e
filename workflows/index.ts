// The worker bundles this file: it must export every workflow and nothing with side effects.
export { caseWorkflow, linkedCase } from './case-workflow';
export { reconcileLedger } from './reconcile';
