// The worker bundles this file: it must export every workflow and nothing with side effects.
export { caseWorkflow } from './case-workflow';
