-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "apology_issued_at" TIMESTAMPTZ(3),
ADD COLUMN     "is_overdue" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "steps" ADD COLUMN     "is_overdue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reminded_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "calendar_overrides" (
    "date" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_overrides_pkey" PRIMARY KEY ("date","scope")
);

-- CreateIndex
CREATE INDEX "cases_is_overdue_received_at_idx" ON "cases"("is_overdue", "received_at");

-- CreateIndex
CREATE INDEX "steps_agency_code_is_overdue_idx" ON "steps"("agency_code", "is_overdue");
