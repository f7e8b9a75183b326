-- The differencing control of governed queries (issue 6 §3; packages/engine/src/governed/differencing.ts). Two answers
-- that each pass the minimum-subjects threshold can still single out a few subjects by their difference (the sum of
-- capital of enterprises founded after 1998, then after 1999). What governed answers released is remembered here as
-- (release key, distinct-subject count): the key is a digest of the resource, the grouping and the row's group
-- values (never the values in clear), and nothing per subject is kept. A later value whose count for the same key
-- differs from a remembered one by more than 0 and fewer than the grant's minimum is withheld. Rows are written in
-- the transaction that records the query and its ledger entry, and never changed.

CREATE TABLE released_aggregates (
  grant_id        uuid NOT NULL REFERENCES grants(id),
  group_key_hash  text NOT NULL CHECK (group_key_hash ~ '^[0-9a-f]{64}$'),  -- SHA-256 of (resource, grouping, group values)
  subjects        integer NOT NULL CHECK (subjects >= 0),                  -- distinct subjects the released value covers
  shape_hash      text NOT NULL,       -- SHA-256 of the releasing query's tree with its constants blanked
  sql_hash        text NOT NULL,       -- SM3 of the releasing query's text (as in workspace_queries)
  org_id          uuid NOT NULL REFERENCES organizations(id),
  released_at     timestamptz NOT NULL,
  parties         uuid[] NOT NULL,
  PRIMARY KEY (grant_id, group_key_hash, subjects)
);
-- An answer's keys are looked up among everything its organization was answered, under any of its grants (a renewed
-- or second grant on the same resource does not start from nothing).
CREATE INDEX released_aggregates_org_key ON released_aggregates (org_id, group_key_hash);

-- Which rule withheld a query's rows: `suppressed` (0005) is the total, this is the part withheld for differencing.
ALTER TABLE workspace_queries ADD COLUMN suppressed_differencing integer;

ALTER TABLE released_aggregates ENABLE ROW LEVEL SECURITY;
ALTER TABLE released_aggregates FORCE ROW LEVEL SECURITY;
CREATE POLICY released_aggregates_parties ON released_aggregates FOR ALL USING (shuyun_is_party(parties)) WITH CHECK (shuyun_is_party(parties));
CREATE POLICY released_aggregates_supervisor ON released_aggregates FOR SELECT USING (shuyun_is_supervisor());
-- Evidence of what left: inserted, never updated or deleted.
GRANT SELECT, INSERT ON released_aggregates TO shuyun_app;
