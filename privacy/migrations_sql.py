"""SQL shared by a migration and manage.py db_roles: the PostgreSQL purge function of the
security log (see privacy/roles.py). Kept out of migrations/ so both can import it; a
change here changes what `db_roles --apply` installs, never an applied migration's effect."""

SEC = "privacy_securityevent"


def purge_function_sql(days: int) -> str:
    """The PostgreSQL purge function (also printed by manage.py db_roles)."""
    return f"""CREATE OR REPLACE FUNCTION privacy_log_purge(stream_name text, before timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  cutoff timestamptz := LEAST(before, now() - interval '{int(days)} days');
  last_seq bigint;
  last_hash text;
  removed bigint;
BEGIN
  IF stream_name <> 'beveiligingslog' THEN
    RAISE EXCEPTION USING MESSAGE = 'logstroom ' || stream_name || ' wordt nooit opgeschoond';
  END IF;
  SELECT sequence, entry_hash INTO last_seq, last_hash FROM {SEC}
    WHERE "at" < cutoff ORDER BY sequence DESC LIMIT 1;
  IF last_seq IS NULL THEN RETURN 0; END IF;
  INSERT INTO privacy_log_purge_permit (granted) VALUES (1);
  DELETE FROM {SEC} WHERE sequence <= last_seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  DELETE FROM privacy_log_purge_permit;
  INSERT INTO privacy_log_purge_mark (stream, through_sequence, through_hash)
    VALUES (stream_name, last_seq, last_hash)
    ON CONFLICT (stream) DO UPDATE SET through_sequence = EXCLUDED.through_sequence,
                                       through_hash = EXCLUDED.through_hash;
  RETURN removed;
END $$"""  # noqa: S608 - fixed table names and an int
