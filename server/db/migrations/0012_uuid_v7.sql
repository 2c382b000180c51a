-- UUIDv7 generated in SQL, for rows written set-based (INSERT … SELECT) where the application cannot
-- hand out ids one by one. PostgreSQL 18 has uuidv7() built in; Dossier also runs on 15 to 17, so
-- this builds the same layout: 48 bits of Unix milliseconds, then random bits with the version (7)
-- and variant set.
CREATE OR REPLACE FUNCTION dossier_uuidv7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
          PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
          FROM 1 FOR 6),
        52, 1),
      53, 1),
    'hex')::uuid
$$;
