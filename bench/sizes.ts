// npm run bench:sizes [-- "<sql>"]: table and index sizes of the benchmark database (or any query).
import pg from 'pg';
import { openBenchDatabase } from './database.ts';

const { url, embedded } = await openBenchDatabase();
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const custom = process.argv[2];
  const queries = custom
    ? [custom]
    : [
        `select relname as table, pg_size_pretty(pg_total_relation_size(oid)) as total,
                pg_size_pretty(pg_relation_size(oid)) as heap
         from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace
         order by pg_total_relation_size(oid) desc limit 12`,
        `select indexrelname as index, pg_size_pretty(pg_relation_size(indexrelid)) as size
         from pg_stat_user_indexes order by pg_relation_size(indexrelid) desc limit 25`,
        `select pg_size_pretty(pg_database_size(current_database())) as database,
                pg_size_pretty(sum(pg_total_relation_size(oid)) filter (where relname <> 'journal_entries')) as without_journal
         from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`,
      ];
  for (const q of queries) console.table((await client.query(q)).rows);
} finally {
  await client.end();
  await embedded?.stop();
}
