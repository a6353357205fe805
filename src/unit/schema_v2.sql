-- The unit register, version 2 (issue 16): the unit's recovery key. Run by `inkom unit init`
-- as the unit's owner role, like version 1.
--
-- The authority must be able to produce its documents when the caseworker who holds them is
-- away (TF 2 kap.). `unit init` makes a key pair; the public half is kept here, the private
-- half goes to the archivist, offline. Every connected store seals its data key to the public
-- half (src/store/keys/sealed.rs) and pins its fingerprint.

-- One key per unit, written once: never updated, never deleted (a swapped key would make
-- every store seal its data key to someone else). A store that pinned the fingerprint also
-- refuses a changed key on its own.
CREATE TABLE inkom.recovery_key (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    public_key  text NOT NULL CHECK (public_key ~ '^[0-9a-f]{64}$'),
    fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT session_user
);
CREATE FUNCTION inkom.refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'inkom.recovery_key is written once' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER recovery_key_written_once BEFORE UPDATE OR DELETE ON inkom.recovery_key
    FOR EACH ROW EXECUTE FUNCTION inkom.refuse_key_change();
CREATE TRIGGER recovery_key_no_truncate BEFORE TRUNCATE ON inkom.recovery_key
    FOR EACH STATEMENT EXECUTE FUNCTION inkom.refuse_key_change();
REVOKE UPDATE, DELETE, TRUNCATE ON inkom.recovery_key FROM __UNIT___owner;
REVOKE ALL ON inkom.recovery_key FROM PUBLIC;
GRANT SELECT ON inkom.recovery_key TO __UNIT___caseworker, __UNIT___registrar;

-- The key is created in the unit's log (run by init, as the owner, after the archivist's
-- file is written).
CREATE FUNCTION inkom.add_recovery_key(p_public_key text, p_fingerprint text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO inkom.recovery_key (public_key, fingerprint) VALUES (p_public_key, p_fingerprint);
    PERFORM inkom.audit_append(NULL, 'recovery_key_created',
        jsonb_build_object('fingerprint', p_fingerprint));
END $$;
REVOKE ALL ON FUNCTION inkom.add_recovery_key(text, text) FROM PUBLIC;

-- A caseworker's store sealed its data key to the recovery key: the unit's log says which
-- stores the archivist can open (the store's random id, never a path or content).
CREATE FUNCTION inkom.store_sealed(p_store_id text, p_fingerprint text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_store_id !~ '^[0-9a-f]{32}$' OR p_fingerprint !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'store id or fingerprint malformed' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM inkom.audit_append(NULL, 'store_sealed',
        jsonb_build_object('store_id', p_store_id, 'fingerprint', p_fingerprint));
END $$;

-- A store was opened with the recovery key (`inkom recover`): who, which store, what was read.
CREATE FUNCTION inkom.store_recovered(p_store_id text, p_fingerprint text, p_reading text,
        p_item bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_store_id !~ '^[0-9a-f]{32}$' OR p_fingerprint !~ '^[0-9a-f]{64}$'
            OR p_reading NOT IN ('list', 'show', 'export') THEN
        RAISE EXCEPTION 'store id, fingerprint or reading malformed' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM inkom.audit_append(NULL, 'store_recovered',
        jsonb_build_object('store_id', p_store_id, 'fingerprint', p_fingerprint,
                           'reading', p_reading, 'item', p_item));
END $$;

REVOKE ALL ON FUNCTION inkom.store_sealed(text, text),
    inkom.store_recovered(text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inkom.store_sealed(text, text) TO __UNIT___caseworker;
GRANT EXECUTE ON FUNCTION inkom.store_recovered(text, text, text, bigint)
    TO __UNIT___registrar, __UNIT___caseworker;
