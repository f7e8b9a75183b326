-- The verifiable ledger (RFC 9162 Merkle log). Entries are appended by use cases inside their own transaction;
-- the sequencer then gives each committed entry its gap-free sequence number and leaf hash, in one place at a
-- time, and stores the complete subtree hashes so proofs need O(log n) reads. Nothing here is ever rewritten.

DO $$
BEGIN
  CREATE ROLE shuyun_sequencer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO shuyun_sequencer;
GRANT EXECUTE ON FUNCTION shuyun_org(), shuyun_is_system(), shuyun_is_supervisor() TO shuyun_sequencer;

ALTER TABLE organizations ADD COLUMN terminated_at timestamptz;

CREATE TABLE ledger_entries (
  id            bigserial PRIMARY KEY,          -- append order inside the database; may have gaps
  seq           bigint UNIQUE,                  -- gap-free position in the log, set once by the sequencer
  leaf_hash     bytea,                          -- SHA-256(0x00 ‖ JCS(entry)), set with seq
  time          timestamptz NOT NULL,
  actor_user    uuid,
  actor_org     uuid,
  action        text NOT NULL,
  category      text NOT NULL CHECK (category IN ('state', 'access')),
  entity_type   text NOT NULL,
  entity_id     text NOT NULL,
  orgs          uuid[] NOT NULL,                -- organizations whose objects the entry concerns (read access)
  payload       jsonb NOT NULL,
  payload_hash  text NOT NULL,                  -- sha256:<hex> of JCS(payload)
  derived_from  jsonb NOT NULL DEFAULT '[]',    -- [{type, id}] upstream entities (lineage)
  CHECK ((seq IS NULL) = (leaf_hash IS NULL))
);
CREATE INDEX ledger_entries_pending ON ledger_entries (id) WHERE seq IS NULL;
CREATE INDEX ledger_entries_entity ON ledger_entries (entity_type, entity_id, seq);

-- Lineage edges, one per derivedFrom reference: (parent) ──derived into──▶ (child)
CREATE TABLE ledger_lineage (
  entry_id     bigint NOT NULL REFERENCES ledger_entries(id),
  parent_type  text NOT NULL,
  parent_id    text NOT NULL,
  child_type   text NOT NULL,
  child_id     text NOT NULL,
  orgs         uuid[] NOT NULL
);
CREATE INDEX ledger_lineage_parent ON ledger_lineage (parent_type, parent_id);
CREATE INDEX ledger_lineage_child ON ledger_lineage (child_type, child_id);

-- Hashes of complete perfect subtrees: node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level).
CREATE TABLE ledger_nodes (
  level  smallint NOT NULL,
  idx    bigint NOT NULL,
  hash   bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_checkpoints (
  tree_size   bigint PRIMARY KEY,
  root_hash   bytea NOT NULL,
  note        text NOT NULL,                    -- C2SP tlog-checkpoint signed note (Ed25519 + SM2)
  created_at  timestamptz NOT NULL
);

CREATE TABLE ledger_witnesses (
  name        text PRIMARY KEY,
  vkey        text NOT NULL UNIQUE,
  org_id      uuid NOT NULL REFERENCES organizations(id),
  created_at  timestamptz NOT NULL
);

CREATE TABLE ledger_cosignatures (
  tree_size       bigint NOT NULL REFERENCES ledger_checkpoints(tree_size),
  witness         text NOT NULL REFERENCES ledger_witnesses(name),
  signature_line  text NOT NULL,                -- C2SP tlog-cosignature line, appended to the note when served
  signed_at       timestamptz NOT NULL,         -- the timestamp inside the cosignature
  PRIMARY KEY (tree_size, witness)
);

-- ── immutability and retention ──────────────────────────────────────────────
-- Content never changes. The only update is the sequencer's, once: seq and leaf_hash from NULL to a value.
-- Deletion is refused before the retention floor: access entries 184 days; all others 2 years, and for an
-- organization that was terminated, 2 years after its termination (Art. 14).
CREATE FUNCTION ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  floor timestamptz;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.leaf_hash IS NOT NULL
       AND (NEW.id, NEW.time, NEW.actor_user, NEW.actor_org, NEW.action, NEW.category, NEW.entity_type, NEW.entity_id,
            NEW.orgs, NEW.payload, NEW.payload_hash, NEW.derived_from)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.time, OLD.actor_user, OLD.actor_org, OLD.action, OLD.category, OLD.entity_type, OLD.entity_id,
            OLD.orgs, OLD.payload, OLD.payload_hash, OLD.derived_from) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger entries are immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- DELETE
  floor := OLD.time + CASE WHEN OLD.category = 'access' THEN interval '184 days' ELSE interval '2 years' END;
  SELECT greatest(floor, max(o.terminated_at) + interval '2 years') INTO floor
    FROM organizations o WHERE o.id = ANY (OLD.orgs) AND o.terminated_at IS NOT NULL;
  IF now() < coalesce(floor, OLD.time + interval '2 years') THEN
    RAISE EXCEPTION 'ledger entry is within its retention period' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER ledger_entries_guard BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_guard();

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_nodes FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_lineage_append_only BEFORE UPDATE OR DELETE ON ledger_lineage FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_cosignatures_append_only BEFORE UPDATE OR DELETE ON ledger_cosignatures FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- ── who may do what ─────────────────────────────────────────────────────────
-- The application appends and reads; it can never update or delete. The sequencer may set seq and leaf_hash.
GRANT SELECT, INSERT ON ledger_entries, ledger_lineage TO shuyun_app;
GRANT USAGE ON SEQUENCE ledger_entries_id_seq TO shuyun_app;
GRANT SELECT ON ledger_nodes, ledger_checkpoints, ledger_witnesses, ledger_cosignatures TO shuyun_app;
GRANT INSERT ON ledger_witnesses, ledger_cosignatures TO shuyun_app;
GRANT SELECT ON ledger_entries, ledger_nodes, ledger_checkpoints, organizations TO shuyun_sequencer;
GRANT UPDATE (seq, leaf_hash) ON ledger_entries TO shuyun_sequencer;
GRANT INSERT ON ledger_nodes, ledger_checkpoints TO shuyun_sequencer;

-- Entries and lineage are visible to the organizations they concern, to supervisors (authority, regulators),
-- and to the platform's own steps. The tree, checkpoints and witnesses are public (they reveal no content).
ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_entries_read ON ledger_entries FOR SELECT
  USING (shuyun_is_system() OR shuyun_is_supervisor() OR shuyun_org() = ANY (orgs));
CREATE POLICY ledger_entries_append ON ledger_entries FOR INSERT
  WITH CHECK (shuyun_is_system() OR shuyun_org() = ANY (orgs));
CREATE POLICY ledger_entries_sequence ON ledger_entries FOR UPDATE TO shuyun_sequencer USING (seq IS NULL) WITH CHECK (seq IS NOT NULL);
ALTER TABLE ledger_lineage ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_lineage FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_lineage_read ON ledger_lineage FOR SELECT
  USING (shuyun_is_system() OR shuyun_is_supervisor() OR shuyun_org() = ANY (orgs));
CREATE POLICY ledger_lineage_append ON ledger_lineage FOR INSERT
  WITH CHECK (shuyun_is_system() OR shuyun_org() = ANY (orgs));
ALTER TABLE ledger_witnesses ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_witnesses FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_witnesses_read ON ledger_witnesses FOR SELECT USING (true);
CREATE POLICY ledger_witnesses_register ON ledger_witnesses FOR INSERT
  WITH CHECK (shuyun_is_system() OR coalesce(current_setting('shuyun.org_type', true), '') = 'authority');

-- The migrating (owning) user switches to these roles in every transaction.
DO $$
BEGIN
  EXECUTE format('GRANT shuyun_app, shuyun_sequencer TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- a superuser needs no membership; a restricted owner that cannot grant it must be given it by an administrator
END
$$;
