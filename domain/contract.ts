/** Names shared by API, worker and workflows: one place, so they cannot drift apart. */
export const DEFAULT_TASK_QUEUE = 'lien-thong-cases';
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** The workflow ID is the case code: it identifies the case and carries no personal data. */
export const caseWorkflowId = (caseCode: string): string => caseCode;
