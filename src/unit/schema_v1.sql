-- The unit register, version 1 (issue 16). Run by `inkom unit init` as the unit's owner role
-- (`__UNIT___owner`, NOLOGIN), so every object below belongs to it and the SECURITY DEFINER
-- functions act with its rights. `__UNIT__` is replaced by the unit's role prefix (the
-- database name, checked to be a plain identifier) before this runs.
--
-- Who may do what is decided here and nowhere else:
-- * caseworkers (`__UNIT___caseworker`) read their own registrations and sheets (row-level
--   security on session_user) and write only through inkom.register();
-- * registrars (`__UNIT___registrar`) read every registration and the audit log, and act only
--   through the registrar functions, each of which appends an audit event;
-- * nobody, not even the owner, may UPDATE, DELETE or TRUNCATE audit rows.

-- Functions are executable by PUBLIC unless revoked; ours are granted one by one below.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TABLE inkom.unit_settings (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    -- NULL: the registrar takes numbers from the paper diary (set-dnr); else the series'
    -- prefix, e.g. 'SN', and inkom.register() hands out the next number.
    diary_prefix text CHECK (diary_prefix ~ '^[[:alnum:]-]{1,12}$'),
    time_zone    text NOT NULL DEFAULT 'Europe/Stockholm'
);
INSERT INTO inkom.unit_settings DEFAULT VALUES;

-- One row per prefix and year: the last number handed out. The row lock taken by the upsert
-- in inkom.register() serialises allocation; a rolled-back registration rolls its number back
-- too, so the series has no gaps and never repeats.
CREATE TABLE inkom.diary_series (
    prefix      text NOT NULL,
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_number integer NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (prefix, year)
);

-- The 5 kap. 2 § OSL facts of each registered document, and where the registrar is with it.
CREATE TABLE inkom.registrations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE CHECK (idempotency_key ~ '^[0-9a-f]{32}$'),
    caseworker      text NOT NULL,
    registered_at   timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    direction       text NOT NULL CHECK (direction IN ('inkommen', 'upprattad', 'expedierad')),
    designation     text NOT NULL CHECK (designation <> ''),
    sender          text NOT NULL CHECK (sender <> ''),
    arendemening    text NOT NULL CHECK (arendemening <> ''),
    secrecy         jsonb,
    diary_prefix    text,
    diary_year      integer,
    diary_number    integer,
    dnr             text UNIQUE,
    dnr_from_paper  boolean NOT NULL DEFAULT false,
    sheet_sha256    text NOT NULL CHECK (sheet_sha256 ~ '^[0-9a-f]{64}$'),
    sheet_size      integer NOT NULL,
    state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'assigned', 'entered')),
    assigned_to     text,
    assigned_at     timestamptz,
    printed_by      text,
    printed_at      timestamptz,
    entered_by      text,
    entered_at      timestamptz,
    UNIQUE (diary_prefix, diary_year, diary_number)
);
-- The registrar's queue page: what is not yet entered, oldest first.
CREATE INDEX registrations_queue ON inkom.registrations (registered_at, id) WHERE state <> 'entered';
-- The diarielista of a period.
CREATE INDEX registrations_by_received ON inkom.registrations (received_at, id);
CREATE INDEX registrations_by_caseworker ON inkom.registrations (caseworker, id);

-- The registration sheet (PDF) until the registrar has filed the printout; then the row is
-- deleted and only its hash stays on the registration.
CREATE TABLE inkom.registration_sheets (
    registration_id bigint PRIMARY KEY REFERENCES inkom.registrations (id),
    caseworker      text NOT NULL,
    pdf             bytea NOT NULL
);

-- The unit's audit log: hash-chained (see inkom.audit_hash), append-only.
CREATE TABLE inkom.audit_events (
    id              bigint PRIMARY KEY CHECK (id >= 1),
    at              timestamptz NOT NULL,
    actor           text NOT NULL,
    registration_id bigint,
    action          text NOT NULL,
    details         text NOT NULL,
    prev_hash       text NOT NULL,
    hash            text NOT NULL
);
CREATE TABLE inkom.audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id   bigint NOT NULL,
    last_hash text NOT NULL
);
INSERT INTO inkom.audit_head VALUES (true, 0, repeat('0', 64));

CREATE FUNCTION inkom.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'inkom.audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON inkom.audit_events
    FOR EACH ROW EXECUTE FUNCTION inkom.refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON inkom.audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION inkom.refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON inkom.audit_events FROM __UNIT___owner;

-- One field of the chained text: its length in bytes, a colon, the text. Unambiguous, and
-- simple to compute again outside the database (src/unit/audit.rs does).
CREATE FUNCTION inkom.audit_field(t text) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT octet_length(coalesce(t, '')) || ':' || coalesce(t, '')
$$;
CREATE FUNCTION inkom.audit_time(t timestamptz) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;
CREATE FUNCTION inkom.audit_hash(prev text, id bigint, at timestamptz, actor text,
        registration_id bigint, action text, details text)
    RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT encode(sha256(convert_to(
        inkom.audit_field(prev) || inkom.audit_field(id::text) || inkom.audit_field(inkom.audit_time(at))
        || inkom.audit_field(actor) || inkom.audit_field(registration_id::text)
        || inkom.audit_field(action) || inkom.audit_field(details), 'UTF8')), 'hex')
$$;

-- Appends an event under the head's row lock (so ids and links never fork). Called only from
-- the functions below, in the transaction of the change it records.
CREATE FUNCTION inkom.audit_append(p_registration bigint, p_action text, p_details jsonb)
    RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h record;
    v_at timestamptz := clock_timestamp();
    v_hash text;
BEGIN
    SELECT last_id, last_hash INTO h FROM inkom.audit_head FOR UPDATE;
    v_hash := inkom.audit_hash(h.last_hash, h.last_id + 1, v_at, session_user, p_registration,
                               p_action, p_details::text);
    INSERT INTO inkom.audit_events
        VALUES (h.last_id + 1, v_at, session_user, p_registration, p_action, p_details::text,
                h.last_hash, v_hash);
    UPDATE inkom.audit_head SET last_id = h.last_id + 1, last_hash = v_hash;
    RETURN v_hash;
END $$;

-- A caseworker publishes one registration. Idempotent on p_key: the same key returns the
-- registration it made before (an outbox that lost the answer asks again), so a document is
-- registered exactly once however often it is sent.
CREATE FUNCTION inkom.register(p_key text, p_received_at timestamptz, p_direction text,
        p_designation text, p_sender text, p_arendemening text, p_secrecy jsonb, p_sheet bytea)
    RETURNS TABLE (registration_id bigint, dnr text, created boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
    v_sha text := encode(sha256(p_sheet), 'hex');
    v_prefix text;
    v_zone text;
    v_year integer;
    v_n integer;
    v_dnr text;
    v_id bigint;
BEGIN
    SELECT * INTO r FROM inkom.registrations WHERE idempotency_key = p_key;
    IF FOUND THEN
        IF r.caseworker <> session_user OR r.sheet_sha256 <> v_sha THEN
            RAISE EXCEPTION 'idempotency key already used for another registration'
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN QUERY SELECT r.id, r.dnr, false;
        RETURN;
    END IF;
    IF p_arendemening ~ '[0-9]{6}([0-9]{2})?[-+ ]?[0-9]{4}' THEN
        RAISE EXCEPTION 'ärendemening looks like it holds a personnummer'
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_received_at > now() + interval '10 minutes' THEN
        RAISE EXCEPTION 'date received is in the future' USING ERRCODE = 'check_violation';
    END IF;
    SELECT diary_prefix, time_zone INTO v_prefix, v_zone FROM inkom.unit_settings;
    IF v_prefix IS NOT NULL THEN
        v_year := extract(year FROM now() AT TIME ZONE v_zone);
        INSERT INTO inkom.diary_series AS s (prefix, year, last_number) VALUES (v_prefix, v_year, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_number = s.last_number + 1
            RETURNING s.last_number INTO v_n;
        v_dnr := v_prefix || ' ' || v_year || '/'
            || CASE WHEN v_n < 10000 THEN lpad(v_n::text, 4, '0') ELSE v_n::text END;
    END IF;
    INSERT INTO inkom.registrations (idempotency_key, caseworker, registered_at, received_at,
            direction, designation, sender, arendemening, secrecy, diary_prefix, diary_year,
            diary_number, dnr, sheet_sha256, sheet_size)
        VALUES (p_key, session_user, now(), p_received_at, p_direction, p_designation, p_sender,
            p_arendemening, p_secrecy, v_prefix, v_year, v_n, v_dnr, v_sha, octet_length(p_sheet))
        RETURNING id INTO v_id;
    INSERT INTO inkom.registration_sheets VALUES (v_id, session_user, p_sheet);
    PERFORM inkom.audit_append(v_id, 'registered',
        jsonb_build_object('dnr', v_dnr, 'designation', p_designation, 'sheet_sha256', v_sha));
    RETURN QUERY SELECT v_id, v_dnr, true;
END $$;

-- The registrar takes a registration to handle.
CREATE FUNCTION inkom.assign(p_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE inkom.registrations SET state = 'assigned', assigned_to = session_user,
            assigned_at = now()
        WHERE id = p_id AND state <> 'entered';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration % not found or already entered', p_id
            USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM inkom.audit_append(p_id, 'assigned', '{}'::jsonb);
END $$;

-- The registrar records a number from the paper diary. A number, once set, is never changed.
CREATE FUNCTION inkom.set_dnr(p_id bigint, p_dnr text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE r record;
BEGIN
    IF p_dnr IS NULL OR btrim(p_dnr) = '' OR length(p_dnr) > 40 THEN
        RAISE EXCEPTION 'diary number is empty or too long' USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO r FROM inkom.registrations WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration % not found', p_id USING ERRCODE = 'no_data_found';
    END IF;
    IF r.dnr IS NOT NULL THEN
        RAISE EXCEPTION 'registration % already has diary number %', p_id, r.dnr
            USING ERRCODE = 'object_in_use';
    END IF;
    UPDATE inkom.registrations SET dnr = btrim(p_dnr), dnr_from_paper = true WHERE id = p_id;
    PERFORM inkom.audit_append(p_id, 'dnr_set', jsonb_build_object('dnr', btrim(p_dnr)));
END $$;

-- The registrar takes the sheet to print it; the hand-out is audited.
CREATE FUNCTION inkom.sheet_for_print(p_id bigint) RETURNS bytea
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_pdf bytea;
BEGIN
    SELECT pdf INTO v_pdf FROM inkom.registration_sheets WHERE registration_id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration % has no sheet (unknown, or purged after filing)', p_id
            USING ERRCODE = 'no_data_found';
    END IF;
    UPDATE inkom.registrations SET printed_by = session_user, printed_at = now() WHERE id = p_id;
    PERFORM inkom.audit_append(p_id, 'printed',
        jsonb_build_object('sheet_sha256', encode(sha256(v_pdf), 'hex')));
    RETURN v_pdf;
END $$;

-- The registrar has entered the registration in the diary and filed the printed sheet: the
-- PDF is purged from the unit register; the 5:2 facts stay.
CREATE FUNCTION inkom.entered(p_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE r record;
BEGIN
    SELECT * INTO r FROM inkom.registrations WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration % not found', p_id USING ERRCODE = 'no_data_found';
    END IF;
    IF r.state = 'entered' THEN
        RAISE EXCEPTION 'registration % is already entered', p_id USING ERRCODE = 'object_in_use';
    END IF;
    IF r.dnr IS NULL THEN
        RAISE EXCEPTION 'registration % has no diary number', p_id USING ERRCODE = 'check_violation';
    END IF;
    IF r.printed_at IS NULL THEN
        RAISE EXCEPTION 'registration % was never printed', p_id USING ERRCODE = 'check_violation';
    END IF;
    UPDATE inkom.registrations SET state = 'entered', entered_by = session_user, entered_at = now()
        WHERE id = p_id;
    DELETE FROM inkom.registration_sheets WHERE registration_id = p_id;
    PERFORM inkom.audit_append(p_id, 'entered', jsonb_build_object('dnr', r.dnr, 'sheet_purged', true));
END $$;

-- The registrar printed the diarielista of a period.
CREATE FUNCTION inkom.list_printed(p_from date, p_to date, p_rows integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM inkom.audit_append(NULL, 'list_printed',
        jsonb_build_object('from', p_from, 'to', p_to, 'rows', p_rows));
END $$;

-- Grants: nothing for PUBLIC; each group only what its work needs.
REVOKE ALL ON ALL TABLES IN SCHEMA inkom FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA inkom FROM PUBLIC;
GRANT USAGE ON SCHEMA inkom TO __UNIT___caseworker, __UNIT___registrar;
GRANT SELECT ON inkom.unit_settings TO __UNIT___caseworker, __UNIT___registrar;
GRANT SELECT ON inkom.registrations TO __UNIT___caseworker, __UNIT___registrar;
GRANT SELECT ON inkom.registration_sheets TO __UNIT___caseworker;
GRANT SELECT ON inkom.diary_series, inkom.audit_events, inkom.audit_head TO __UNIT___registrar;
GRANT EXECUTE ON FUNCTION inkom.register(text, timestamptz, text, text, text, text, jsonb, bytea)
    TO __UNIT___caseworker;
GRANT EXECUTE ON FUNCTION inkom.assign(bigint), inkom.set_dnr(bigint, text),
    inkom.sheet_for_print(bigint), inkom.entered(bigint), inkom.list_printed(date, date, integer)
    TO __UNIT___registrar;
-- Verifying the log outside the database needs the time exactly as the chain hashed it.
GRANT EXECUTE ON FUNCTION inkom.audit_time(timestamptz) TO __UNIT___registrar;

-- Row-level security. The owner (NOLOGIN, used only by the SECURITY DEFINER functions above)
-- is not subject to it; every login is.
ALTER TABLE inkom.registrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY caseworker_own ON inkom.registrations FOR SELECT TO __UNIT___caseworker
    USING (caseworker = session_user);
CREATE POLICY registrar_all ON inkom.registrations FOR SELECT TO __UNIT___registrar USING (true);
ALTER TABLE inkom.registration_sheets ENABLE ROW LEVEL SECURITY;
CREATE POLICY caseworker_own ON inkom.registration_sheets FOR SELECT TO __UNIT___caseworker
    USING (caseworker = session_user);
ALTER TABLE inkom.audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY registrar_all ON inkom.audit_events FOR SELECT TO __UNIT___registrar USING (true);
ALTER TABLE inkom.diary_series ENABLE ROW LEVEL SECURITY;
CREATE POLICY registrar_all ON inkom.diary_series FOR SELECT TO __UNIT___registrar USING (true);
