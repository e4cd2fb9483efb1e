-- Operators (the linkedCase workflow): the run that last wrote a case, so that after an operator's
-- reset the new run's writes replace the old run's; a case-level flag set by the reconciler
-- (a workflow that failed, timed out or went missing).
-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "workflow_run_id" TEXT,
ADD COLUMN     "attention" JSONB;

-- A step whose dispatch failed for good (NEEDS_ATTENTION) says why; transient failures are counted
-- by the connector while it retries.
-- AlterTable
ALTER TABLE "steps" ADD COLUMN     "attention" JSONB,
ADD COLUMN     "dispatch_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dispatch_error" TEXT;

-- One pass of the reconciler (a Temporal Schedule): what it checked, found and repaired.
-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "checked" INTEGER NOT NULL,
    "repaired" INTEGER NOT NULL,
    "differences" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "steps_status_updated_at_idx" ON "steps"("status", "updated_at");

-- CreateIndex
CREATE INDEX "reconciliation_runs_started_at_idx" ON "reconciliation_runs"("started_at");
