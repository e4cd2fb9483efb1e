-- Two Updates on one case at once can make Temporal drop a workflow task after its local activity
-- wrote the ledger: the write stays, though the workflow never made it, and the workflow's real
-- write that follows carries the same revision. The hash of the last snapshot applied tells the two
-- apart, and an action remembers the revision that recorded it, so the real write replaces the
-- dropped one's events, steps and answers (prisma/cases-write.ts recordSnapshot).
ALTER TABLE "cases" ADD COLUMN "snapshot_hash" TEXT;
-- When the local activity that wrote it was scheduled: a dropped task's write that lands after the
-- workflow's real one (a task moved to another worker) is older, and is not taken.
ALTER TABLE "cases" ADD COLUMN "snapshot_scheduled_at" TIMESTAMPTZ(3);
ALTER TABLE "case_actions" ADD COLUMN "revision" INTEGER;
