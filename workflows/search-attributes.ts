import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes for operators in the Temporal UI, e.g.
 * `CaseStatus = "IN_PROGRESS" AND PendingAgencies = "POLICE-BA-DINH"`. Values are codes and
 * statuses only — never personal data.
 */
export const caseSearchAttributes = {
  caseCode: defineSearchAttributeKey('CaseCode', SearchAttributeType.KEYWORD),
  procedureGroup: defineSearchAttributeKey('ProcedureGroup', SearchAttributeType.KEYWORD),
  caseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  pendingAgencies: defineSearchAttributeKey('PendingAgencies', SearchAttributeType.KEYWORD_LIST),
  dueAt: defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME),
  isOverdue: defineSearchAttributeKey('IsOverdue', SearchAttributeType.BOOL),
  /** A step's dispatch failed for good and waits for an operator (GET /v1/incidents lists them). */
  needsAttention: defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL),
};
export const ALL_CASE_SEARCH_ATTRIBUTES = Object.values(caseSearchAttributes);
