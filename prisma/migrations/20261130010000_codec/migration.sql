-- Browser sessions of operators for the codec server (the Temporal Web UI cannot send an API key):
-- only the SHA-256 of the session token is stored, with the API key it was opened with.
-- CreateTable
CREATE TABLE "codec_sessions" (
    "token_hash" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "codec_sessions_pkey" PRIMARY KEY ("token_hash")
);

-- Every decode through the codec server: who (the API key), which cases (the case codes found in
-- the decoded payloads), which namespace, how many payloads, when.
-- CreateTable
CREATE TABLE "codec_access_log" (
    "id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "namespace" TEXT,
    "case_codes" TEXT[],
    "payload_count" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "codec_access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "codec_sessions_expires_at_idx" ON "codec_sessions"("expires_at");

-- CreateIndex
CREATE INDEX "codec_access_log_at_id_idx" ON "codec_access_log"("at", "id");

-- CreateIndex
CREATE INDEX "codec_access_log_case_codes_idx" ON "codec_access_log" USING GIN ("case_codes");
