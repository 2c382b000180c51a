-- The list export writes its CSV lines in the database (export-contacts.ts), so a million contacts cost
-- the server's event loop one text column per row. This function is the cell rule of the app's CSV writer
-- (server/platform/csv.ts, papaparse with escapeFormulae); a test holds every line of the list export to
-- the one-contact export's.
-- A cell: empty for nothing; a formula-like start (= + - @ tab CR, on a single line) escaped with a quote
-- and quoted; quoted when it holds a line break, a double quote, a comma or a byte-order mark, or starts
-- or ends with a space; inner double quotes doubled.
CREATE FUNCTION dossier_csv_cell(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN value IS NULL OR value = '' THEN ''
    WHEN value ~ '^[=+\-@\t\r][^\n\r\u2028\u2029]*$' THEN '"''' || replace(value, '"', '""') || '"'
    WHEN value ~ '[\r\n",\ufeff]' OR left(value, 1) = ' ' OR right(value, 1) = ' '
      THEN '"' || replace(value, '"', '""') || '"'
    ELSE value
  END;
