-- Authorization (Art. 13–19, 29–30, 39): the working-day calendar, partner admission, authorization applications
-- in three review stages with deadlines, expert opinions, escalations to the city, the in-app inbox and webhooks,
-- agreements signed with SM2 by every party, grants (machine-enforced usage policies), suspension and termination.
--
-- Objects shared by several organizations carry `parties`: the organizations that may read and act on them.
-- Row-level security lets a tenant see a row when it is one of its parties; the authority and regulators read all.

-- ── the working-day calendar (State Council holiday schedules, one row per year) ───────────────────────────────
CREATE TABLE holiday_schedules (
  year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  schedule    jsonb NOT NULL,            -- {year, holidays:[{date,name}], makeUpWorkdays:[{date,name}]}
  source      text NOT NULL,             -- 'seed:chinese-days' or 'authority'
  entered_by  uuid,
  entered_at  timestamptz NOT NULL
);
ALTER TABLE holiday_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE holiday_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY holiday_schedules_read ON holiday_schedules FOR SELECT USING (true);
CREATE POLICY holiday_schedules_enter ON holiday_schedules FOR INSERT
  WITH CHECK (shuyun_is_system() OR coalesce(current_setting('shuyun.org_type', true), '') = 'authority');
GRANT SELECT, INSERT ON holiday_schedules TO shuyun_app;

-- ── helpers for shared objects ─────────────────────────────────────────────────────────────────────────────
CREATE FUNCTION shuyun_is_party(parties uuid[]) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT shuyun_org() = ANY (parties) OR shuyun_is_system() $$;
GRANT EXECUTE ON FUNCTION shuyun_is_party(uuid[]) TO shuyun_app;

-- ── partner admission to an operator's platform (Art. 17) ──────────────────────────────────────────────────
CREATE TABLE partner_admissions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_org_id   uuid NOT NULL REFERENCES organizations(id),
  operator_org_id  uuid NOT NULL REFERENCES organizations(id),
  state            text NOT NULL CHECK (state IN ('applied', 'admitted', 'refused', 'suspended', 'exited')),
  qualifications   jsonb NOT NULL,
  reasons          text,
  applied_at       timestamptz NOT NULL,
  decided_at       timestamptz,
  decided_by       uuid,
  filed_at         timestamptz,          -- admission filed (備案) with the authority
  exited_at        timestamptz,
  exit_filed_at    timestamptz,          -- exit filed with the authority
  updated_at       timestamptz NOT NULL,
  parties          uuid[] NOT NULL
);
CREATE UNIQUE INDEX partner_admissions_current ON partner_admissions (partner_org_id, operator_org_id)
  WHERE state IN ('applied', 'admitted', 'suspended');

-- ── authorization applications (Art. 18) ───────────────────────────────────────────────────────────────────
CREATE SEQUENCE application_numbers;
GRANT USAGE ON SEQUENCE application_numbers TO shuyun_app;
CREATE TABLE applications (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number             text NOT NULL UNIQUE,
  applicant_org_id   uuid NOT NULL REFERENCES organizations(id),
  applicant_kind     text NOT NULL CHECK (applicant_kind IN ('partner', 'operator')),
  operator_org_id    uuid REFERENCES organizations(id),     -- the operator that reviews a partner's application
  state              text NOT NULL CHECK (state IN ('operator_review', 'authority_evaluation', 'escalated', 'source_confirmation', 'returned', 'approved', 'rejected', 'withdrawn')),
  title              text NOT NULL,
  scenario           jsonb NOT NULL,      -- {kind: public_interest|industry, purpose, description}
  requested          jsonb NOT NULL,      -- {resources:[{resourceId, fields}], modes}
  granted            jsonb NOT NULL,      -- the scope after conditions (narrowed, never widened)
  controls           jsonb NOT NULL DEFAULT '{}',  -- set by the authority: minSubjects, epsilonBudget, callQuota
  term_months        integer NOT NULL CHECK (term_months BETWEEN 1 AND 60),
  source_org_ids     uuid[] NOT NULL,
  returned_from      text,
  submitted_at       timestamptz NOT NULL,
  decided_at         timestamptz,
  updated_at         timestamptz NOT NULL,
  parties            uuid[] NOT NULL
);
CREATE INDEX applications_state ON applications (state);

CREATE TABLE application_stages (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id        uuid NOT NULL REFERENCES applications(id),
  kind                  text NOT NULL CHECK (kind IN ('operator_review', 'authority_evaluation', 'source_confirmation')),
  reviewer_org_id       uuid NOT NULL REFERENCES organizations(id),
  round                 integer NOT NULL,     -- 1, then +1 each time the stage starts again (after a return or an escalation)
  started_at            timestamptz NOT NULL,
  due_at                timestamptz NOT NULL, -- end of the 5th working day after the start (Beijing time)
  closed_at             timestamptz,
  outcome               text CHECK (outcome IN ('approved', 'returned', 'rejected', 'escalated', 'superseded', 'withdrawn')),
  decided_by            uuid,
  reasons               text,
  conditions            jsonb,
  overdue_at            timestamptz,          -- when the scheduler found it overdue (and notified)
  parties               uuid[] NOT NULL
);
CREATE INDEX application_stages_open ON application_stages (due_at) WHERE closed_at IS NULL;
CREATE INDEX application_stages_application ON application_stages (application_id);

CREATE TABLE expert_opinions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL REFERENCES applications(id),
  expert_org_id   uuid NOT NULL REFERENCES organizations(id),
  question        text NOT NULL,
  requested_by    uuid NOT NULL,
  requested_at    timestamptz NOT NULL,
  recommendation  text CHECK (recommendation IN ('approve', 'approve_with_conditions', 'reject')),
  opinion         text,
  submitted_by    uuid,
  submitted_at    timestamptz,
  parties         uuid[] NOT NULL
);

CREATE TABLE escalations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id  uuid NOT NULL REFERENCES applications(id),
  reason          text NOT NULL,        -- which cross-level or cross-region data, and why
  escalated_by    uuid NOT NULL,
  escalated_at    timestamptz NOT NULL,
  answer          text,                 -- the city authority's answer as recorded by the district authority
  outcome         text CHECK (outcome IN ('agreed', 'refused')),
  answered_by     uuid,
  answered_at     timestamptz,
  parties         uuid[] NOT NULL
);

-- ── the in-app inbox and outgoing webhooks ─────────────────────────────────────────────────────────────────
CREATE TABLE notifications (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  kind          text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    uuid NOT NULL,
  title_zh      text NOT NULL,
  title_en      text NOT NULL,
  created_at    timestamptz NOT NULL,
  read_at       timestamptz
);
CREATE INDEX notifications_org ON notifications (org_id, created_at DESC);

CREATE TABLE webhook_endpoints (
  org_id      uuid PRIMARY KEY REFERENCES organizations(id),
  url         text NOT NULL,
  secret      text NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id           uuid NOT NULL REFERENCES organizations(id),
  event            jsonb NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_status      integer,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

-- ── organizations' SM2 signing keys ────────────────────────────────────────────────────────────────────────
CREATE TABLE organization_keys (
  org_id      uuid NOT NULL REFERENCES organizations(id),
  key_id      text NOT NULL,          -- first 8 bytes of SM3(public key), hex
  public_key  text NOT NULL,          -- uncompressed point 04‖x‖y, hex
  custodial   boolean NOT NULL,       -- the platform holds the private key for the organization (托管)
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  PRIMARY KEY (org_id, key_id)
);
ALTER TABLE organization_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_keys FORCE ROW LEVEL SECURITY;
-- public keys are public: anyone signed in may verify a signature
CREATE POLICY organization_keys_read ON organization_keys FOR SELECT USING (shuyun_org() IS NOT NULL OR shuyun_is_system());
CREATE POLICY organization_keys_own ON organization_keys FOR INSERT WITH CHECK (org_id = shuyun_org() OR shuyun_is_system());
CREATE POLICY organization_keys_revoke ON organization_keys FOR UPDATE USING (org_id = shuyun_org() OR shuyun_is_system());
GRANT SELECT, INSERT, UPDATE ON organization_keys TO shuyun_app;

-- ── agreements and their signatures (Art. 13, 19) ──────────────────────────────────────────────────────────
CREATE TABLE agreements (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  kind             text NOT NULL CHECK (kind IN ('operator_agreement', 'service_agreement', 'platform_service_agreement')),
  state            text NOT NULL CHECK (state IN ('awaiting_signatures', 'in_force', 'superseded', 'expired', 'terminated')),
  application_id   uuid REFERENCES applications(id),
  admission_id     uuid REFERENCES partner_admissions(id),
  amends_id        uuid REFERENCES agreements(id),
  document         jsonb NOT NULL,        -- the canonical document; its hash is what every party signs
  hash             text NOT NULL,         -- SM3 of the RFC 8785 canonical document, hex
  signer_org_ids   uuid[] NOT NULL,       -- every party that must sign
  valid_from       date NOT NULL,
  valid_until      date NOT NULL,
  created_at       timestamptz NOT NULL,
  in_force_at      timestamptz,
  ended_at         timestamptz,
  end_reason       text,
  parties          uuid[] NOT NULL
);

CREATE TABLE agreement_signatures (
  agreement_id  uuid NOT NULL REFERENCES agreements(id),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  signed_by     uuid NOT NULL,
  key_id        text NOT NULL,
  signature     text NOT NULL,           -- SM2 (GB/T 32918) over the agreement hash, r‖s hex
  signed_hash   text NOT NULL,
  signed_at     timestamptz NOT NULL,
  parties       uuid[] NOT NULL,
  PRIMARY KEY (agreement_id, org_id)
);

-- ── grants: what an agreement in force allows (the usage policy the engine enforces) ────────────────────────
CREATE TABLE grants (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id      uuid NOT NULL UNIQUE REFERENCES agreements(id),
  application_id    uuid NOT NULL REFERENCES applications(id),
  assignee_org_id   uuid NOT NULL REFERENCES organizations(id),
  operator_org_id   uuid REFERENCES organizations(id),   -- for a partner: the operator it works through
  state             text NOT NULL CHECK (state IN ('active', 'expired', 'terminated')),
  policy            jsonb NOT NULL,
  valid_from        timestamptz NOT NULL,
  valid_until       timestamptz NOT NULL,
  -- the differential-privacy budget in micro-ε (10⁻⁶), as integers: spending 0.1 ten times is exactly 1.0
  epsilon_total_micro  bigint CHECK (epsilon_total_micro > 0),
  epsilon_spent_micro  bigint NOT NULL DEFAULT 0 CHECK (epsilon_spent_micro >= 0 AND (epsilon_total_micro IS NULL OR epsilon_spent_micro <= epsilon_total_micro)),
  created_at        timestamptz NOT NULL,
  ended_at          timestamptz,
  parties           uuid[] NOT NULL
);
CREATE INDEX grants_assignee ON grants (assignee_org_id);

-- ── supervision: suspension, resumption, termination (Art. 29, 30, 39) ──────────────────────────────────────
CREATE TABLE supervision_actions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind               text NOT NULL CHECK (kind IN ('suspend', 'resume', 'terminate')),
  target_org_id      uuid NOT NULL REFERENCES organizations(id),
  admission_id       uuid REFERENCES partner_admissions(id),  -- an operator acting on one partner
  reasons            text NOT NULL,
  rectification_due  date,
  acted_by           uuid NOT NULL,
  acted_at           timestamptz NOT NULL,
  parties            uuid[] NOT NULL
);

CREATE TABLE handover_tasks (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id),  -- the terminated organization
  kind          text NOT NULL CHECK (kind IN ('data_deletion_and_handover')),
  state         text NOT NULL CHECK (state IN ('open', 'confirmed')),
  opened_at     timestamptz NOT NULL,
  confirmed_at  timestamptz,
  confirmed_by  uuid,
  note          text,
  parties       uuid[] NOT NULL
);

-- Row-level security for shared objects: parties read and write; supervisors read everything.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['partner_admissions', 'applications', 'application_stages', 'expert_opinions', 'escalations',
                           'agreements', 'agreement_signatures', 'grants', 'supervision_actions', 'handover_tasks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (shuyun_is_party(parties)) WITH CHECK (shuyun_is_party(parties))', t || '_parties', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (shuyun_is_supervisor())', t || '_supervisor', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO shuyun_app', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['notifications', 'webhook_endpoints', 'webhook_deliveries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = shuyun_org() OR shuyun_is_system()) WITH CHECK (org_id = shuyun_org() OR shuyun_is_system())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO shuyun_app', t);
  END LOOP;
END
$$;
-- A command of one organization notifies others: anyone may deliver into another organization's inbox or webhook
-- queue (never read it).
CREATE POLICY notifications_deliver ON notifications FOR INSERT WITH CHECK (shuyun_org() IS NOT NULL);
CREATE POLICY webhook_deliveries_enqueue ON webhook_deliveries FOR INSERT WITH CHECK (shuyun_org() IS NOT NULL);
-- ... and find where to deliver (the secret is only used by the system-context dispatcher)
CREATE POLICY webhook_endpoints_lookup ON webhook_endpoints FOR SELECT USING (shuyun_org() IS NOT NULL);

-- Supervision changes an organization's status: the authority suspends, resumes and terminates.
CREATE POLICY organizations_supervision ON organizations FOR UPDATE
  USING (coalesce(current_setting('shuyun.org_type', true), '') = 'authority')
  WITH CHECK (coalesce(current_setting('shuyun.org_type', true), '') = 'authority');

-- Agreements and signatures are evidence: once signed, a signature is never changed or removed, and a signed
-- agreement's document never changes (an amendment is a new agreement, signed again).
CREATE FUNCTION agreements_immutable_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.document IS DISTINCT FROM OLD.document OR NEW.hash IS DISTINCT FROM OLD.hash OR NEW.signer_org_ids IS DISTINCT FROM OLD.signer_org_ids THEN
    RAISE EXCEPTION 'an agreement document never changes; amend it instead' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER agreements_immutable_document BEFORE UPDATE ON agreements FOR EACH ROW EXECUTE FUNCTION agreements_immutable_document();
REVOKE UPDATE ON agreement_signatures FROM shuyun_app;
