-- The applicant's rating of the service once the result was returned (issue 9): one per case,
-- 1–5 and an optional comment. The office and group are copied so that the statistics group
-- ratings without joining cases. Nothing here names the person: the case code ties the rating to
-- the case, and the comment (free text the citizen writes) is shown to operators only.
-- CreateTable
CREATE TABLE "ratings" (
    "case_code" TEXT NOT NULL,
    "office_code" TEXT NOT NULL,
    "group_code" TEXT NOT NULL,
    "score" SMALLINT NOT NULL,
    "comment" TEXT,
    "rated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ratings_pkey" PRIMARY KEY ("case_code"),
    CONSTRAINT "ratings_score_check" CHECK ("score" BETWEEN 1 AND 5)
);

-- CreateIndex
CREATE INDEX "ratings_rated_at_idx" ON "ratings"("rated_at");

-- CreateIndex
CREATE INDEX "ratings_office_code_rated_at_idx" ON "ratings"("office_code", "rated_at");

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_case_code_fkey" FOREIGN KEY ("case_code") REFERENCES "cases"("code") ON DELETE CASCADE ON UPDATE CASCADE;
