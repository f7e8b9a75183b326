-- Workspaces (issue 6): the dev workspace on masked twins and the prod workspace on real data through governed
-- queries and approved jobs. Every query is recorded (its text's hash, never its text's results), every job is
-- reviewed by the operator and the authority and runs only as approved (hash match); job results stay in-domain.

CREATE TABLE workspace_queries (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grant_id      uuid NOT NULL REFERENCES grants(id),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  user_id       uuid,
  workspace     text NOT NULL CHECK (workspace IN ('dev', 'prod')),
  sql_hash      text NOT NULL,            -- SM3 of the query text, hex
  outcome       text NOT NULL CHECK (outcome IN ('answered', 'refused')),
  refusal_code  text,
  rows          integer,
  suppressed    integer,
  epsilon_micro bigint,
  resources     text[] NOT NULL,
  elapsed_ms    integer,
  created_at    timestamptz NOT NULL,
  parties       uuid[] NOT NULL
);
CREATE INDEX workspace_queries_grant ON workspace_queries (grant_id, created_at DESC);

CREATE TABLE jobs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grant_id      uuid NOT NULL REFERENCES grants(id),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  name          text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  statements    jsonb NOT NULL,           -- [{ output, sql }] in order: each writes one result table
  hash          text NOT NULL,            -- SM3 of the canonical statements: what is reviewed is what runs
  state         text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'running', 'succeeded', 'failed')),
  dev_run       jsonb,                    -- the run on the twin submitted for review: per output, columns and a sample
  reviewer_org_ids uuid[] NOT NULL,       -- every reviewer that must approve (the operator for a partner, the authority)
  error_code    text,
  created_at    timestamptz NOT NULL,
  submitted_at  timestamptz,
  decided_at    timestamptz,
  finished_at   timestamptz,
  parties       uuid[] NOT NULL,
  UNIQUE (grant_id, name)
);

CREATE TABLE job_reviews (
  job_id           uuid NOT NULL REFERENCES jobs(id),
  reviewer_org_id  uuid NOT NULL REFERENCES organizations(id),
  job_hash         text NOT NULL,
  decision         text NOT NULL CHECK (decision IN ('approve', 'reject')),
  reasons          text,
  decided_by       uuid NOT NULL,
  decided_at       timestamptz NOT NULL,
  parties          uuid[] NOT NULL,
  PRIMARY KEY (job_id, reviewer_org_id, job_hash)
);

CREATE TABLE result_tables (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id      uuid NOT NULL REFERENCES jobs(id),
  grant_id    uuid NOT NULL REFERENCES grants(id),
  org_id      uuid NOT NULL REFERENCES organizations(id),
  name        text NOT NULL,
  file_path   text NOT NULL,               -- relative to DATA_DIR/results: never leaves the domain
  rows        bigint NOT NULL,
  bytes       bigint NOT NULL,
  sha256      text NOT NULL,
  created_at  timestamptz NOT NULL,
  parties     uuid[] NOT NULL,
  UNIQUE (job_id, name)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspace_queries', 'jobs', 'job_reviews', 'result_tables'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (shuyun_is_party(parties)) WITH CHECK (shuyun_is_party(parties))', t || '_parties', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (shuyun_is_supervisor())', t || '_supervisor', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO shuyun_app', t);
  END LOOP;
END
$$;
-- A query record is evidence: never changed.
REVOKE UPDATE ON workspace_queries FROM shuyun_app;
