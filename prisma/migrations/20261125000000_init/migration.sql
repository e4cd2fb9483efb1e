-- CreateTable
CREATE TABLE "offices" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offices_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "agencies" (
    "code" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agencies_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "cases" (
    "code" TEXT NOT NULL,
    "group_code" TEXT NOT NULL,
    "catalogue_version" TEXT NOT NULL,
    "office_code" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "result_delivery" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "appointment_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "open_subject_key" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "dossiers" (
    "case_code" TEXT NOT NULL,
    "applicant" JSONB NOT NULL,
    "subject" JSONB NOT NULL,

    CONSTRAINT "dossiers_pkey" PRIMARY KEY ("case_code")
);

-- CreateTable
CREATE TABLE "steps" (
    "case_code" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "depends_on" TEXT[],
    "time_limit_days" INTEGER NOT NULL,
    "dispatched_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "rejection" JSONB,
    "supplement_request" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "steps_pkey" PRIMARY KEY ("case_code","step_id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" TEXT NOT NULL,
    "case_code" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "step_id" TEXT,
    "actor" TEXT NOT NULL,
    "from_party" TEXT NOT NULL,
    "to_party" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_code_sequences" (
    "office_code" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "case_code_sequences_pkey" PRIMARY KEY ("office_code","day")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "office_code" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "case_code" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("office_code","key")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "office_code" TEXT,
    "agency_code" TEXT,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cases_open_subject_key_key" ON "cases"("open_subject_key");

-- CreateIndex
CREATE INDEX "cases_status_received_at_idx" ON "cases"("status", "received_at");

-- CreateIndex
CREATE INDEX "cases_office_code_received_at_idx" ON "cases"("office_code", "received_at");

-- CreateIndex
CREATE INDEX "cases_received_at_code_idx" ON "cases"("received_at", "code");

-- CreateIndex
CREATE INDEX "steps_agency_code_status_idx" ON "steps"("agency_code", "status");

-- CreateIndex
CREATE UNIQUE INDEX "case_events_case_code_seq_key" ON "case_events"("case_code", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_office_code_fkey" FOREIGN KEY ("office_code") REFERENCES "offices"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_case_code_fkey" FOREIGN KEY ("case_code") REFERENCES "cases"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "steps" ADD CONSTRAINT "steps_case_code_fkey" FOREIGN KEY ("case_code") REFERENCES "cases"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "steps" ADD CONSTRAINT "steps_agency_code_fkey" FOREIGN KEY ("agency_code") REFERENCES "agencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_code_fkey" FOREIGN KEY ("case_code") REFERENCES "cases"("code") ON DELETE CASCADE ON UPDATE CASCADE;
