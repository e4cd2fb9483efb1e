-- The receipt commits before its workflow starts: a case whose start has not been confirmed is
-- started by the API's starter (api/case-starter.ts). Cases received before this migration were
-- started inside their receiving transaction.
-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "workflow_started_at" TIMESTAMPTZ(3);
UPDATE "cases" SET "workflow_started_at" = "created_at";

-- How many times a step was dispatched again after a supplement: the connector and the workflow's
-- snapshots both write a step's dispatch, and neither may take the other's newer one back.
-- AlterTable
ALTER TABLE "steps" ADD COLUMN     "resubmission" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "case_actions" (
    "case_code" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "step_id" TEXT,
    "request_hash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_actions_pkey" PRIMARY KEY ("case_code","idempotency_key")
);

-- CreateIndex
CREATE INDEX "cases_workflow_started_at_received_at_idx" ON "cases"("workflow_started_at", "received_at");

-- AddForeignKey
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_case_code_fkey" FOREIGN KEY ("case_code") REFERENCES "cases"("code") ON DELETE CASCADE ON UPDATE CASCADE;
