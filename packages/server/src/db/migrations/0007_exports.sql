-- Export review (出域審核, Art. 16, 21, 33): a result leaves the domain only after automated checks and human review
-- (two distinct reviewers of the authority for conditional-class or graded ≥ general-3 data), as a watermarked file
-- whose hash is ledgered, downloaded by its requester through a single-use, expiring link.

CREATE TABLE export_requests (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grant_id            uuid NOT NULL REFERENCES grants(id),
  org_id              uuid NOT NULL REFERENCES organizations(id),
  result_table_id     uuid NOT NULL REFERENCES result_tables(id),
  format              text NOT NULL CHECK (format IN ('csv', 'parquet')),
  purpose             text NOT NULL,
  declared            jsonb NOT NULL,               -- column roles and watermark carriers declared by the requester
  state               text NOT NULL CHECK (state IN ('blocked', 'awaiting_review', 'approved', 'rejected')),
  checks              jsonb NOT NULL,               -- the automated checks' report (counts and column names only)
  required_reviewers  integer NOT NULL CHECK (required_reviewers IN (1, 2)),
  release_path        text,                         -- relative to DATA_DIR/exports
  release_sha256      text,
  requested_by        uuid NOT NULL,
  requested_at        timestamptz NOT NULL,
  decided_at          timestamptz,
  parties             uuid[] NOT NULL
);

CREATE TABLE export_reviews (
  export_id         uuid NOT NULL REFERENCES export_requests(id),
  reviewer_user_id  uuid NOT NULL,
  reviewer_org_id   uuid NOT NULL REFERENCES organizations(id),
  decision          text NOT NULL CHECK (decision IN ('approve', 'reject')),
  reasons           text,
  decided_at        timestamptz NOT NULL,
  parties           uuid[] NOT NULL,
  PRIMARY KEY (export_id, reviewer_user_id)
);

CREATE TABLE download_links (
  token_hash   text PRIMARY KEY,
  export_id    uuid NOT NULL REFERENCES export_requests(id),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL,
  parties      uuid[] NOT NULL
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['export_requests', 'export_reviews', 'download_links'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (shuyun_is_party(parties)) WITH CHECK (shuyun_is_party(parties))', t || '_parties', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (shuyun_is_supervisor())', t || '_supervisor', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO shuyun_app', t);
  END LOOP;
END
$$;
REVOKE UPDATE ON export_reviews FROM shuyun_app;
