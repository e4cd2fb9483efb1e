/** Names shared by API, worker and workflows: one place, so they cannot drift apart. */
export const DEFAULT_TASK_QUEUE = 'lien-thong-cases';
/** The workflow of every case received now (workflows/case-workflow.ts). */
export const CASE_WORKFLOW_TYPE = 'linkedCase';
/** Released workflow types still registered, so the cases they started replay and finish. */
export const RELEASED_CASE_WORKFLOW_TYPES = ['caseWorkflow'] as const;

/** The workflow ID is the case code: it identifies the case and carries no personal data. */
export const caseWorkflowId = (caseCode: string): string => caseCode;
