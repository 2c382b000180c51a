// Slows password guessing. The counters live in PostgreSQL, so every process of an instance shares them.
//
// Per account (normalized email, known or not): 5 failures are free, then each further attempt waits
// 2^(n-4) seconds after the last failure, at most 15 minutes — a backoff, never a lock an attacker
// could hold forever; a correct password resets it. Per client address: 20 failures per 15 minutes.
// An attempt is counted before the password is checked, so parallel guesses cannot slip through
// together, and refunded when the password was right: successful sign-ins never count.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { signInThrottles as t } from '../../db/schema/platform.ts';
import { AppError } from '../errors.ts';

export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_MAX_DELAY_SECONDS = 15 * 60;
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_SECONDS = 15 * 60;

interface Rule {
  /** When the key may be tried again, or null while it is not blocked. */
  blockedUntil: SQL;
  /** The stored count is stale and starts over at this failure. */
  startsOver: SQL;
}

const account: Rule = {
  blockedUntil: sql`case when ${t.failures} >= ${ACCOUNT_FREE_FAILURES} then ${t.lastFailureAt} +
    least(power(2, ${t.failures} - ${ACCOUNT_FREE_FAILURES - 1}), ${ACCOUNT_MAX_DELAY_SECONDS}) * interval '1 second' end`,
  startsOver: sql`${t.lastFailureAt} < now() - interval '1 day'`,
};

const address: Rule = {
  blockedUntil: sql`case when ${t.failures} >= ${ADDRESS_MAX_FAILURES}
    then ${t.firstFailureAt} + ${ADDRESS_WINDOW_SECONDS} * interval '1 second' end`,
  startsOver: sql`${t.firstFailureAt} <= now() - ${ADDRESS_WINDOW_SECONDS} * interval '1 second'`,
};

/** Counts one attempt on `key` unless it is blocked; returns the seconds to wait when it is. */
async function claim(db: Db, key: string, rule: Rule): Promise<number | null> {
  const { rows } = await db.execute(sql`
    insert into ${t} (key, failures, first_failure_at, last_failure_at) values (${key}, 1, now(), now())
    on conflict (key) do update set
      failures = case when ${rule.startsOver} then 1 else ${t.failures} + 1 end,
      first_failure_at = case when ${rule.startsOver} then now() else ${t.firstFailureAt} end,
      last_failure_at = now()
    where coalesce(${rule.blockedUntil} <= now(), true)
    returning 1`);
  if (rows.length > 0) return null;
  const { rows: blocked } = await db.execute<{ wait: number }>(
    sql`select ceil(extract(epoch from ${rule.blockedUntil} - now()))::int as wait from ${t} where ${t.key} = ${key}`,
  );
  // The block may have ended between the two statements; a one-second wait is then harmless.
  return Math.max(blocked[0]?.wait ?? 1, 1);
}

function tooMany(seconds: number): AppError {
  return new AppError('rate_limited', 429, `Too many failed attempts; try again in ${seconds} seconds`, {
    retryAfter: seconds,
  });
}

/**
 * Runs a password check for `email` from `clientAddress` under both limits. Throws 429
 * `rate_limited` (with `retryAfter` seconds) without running the check while either is blocked.
 */
export async function throttledPasswordCheck(
  db: Db,
  who: { email: string; clientAddress: string },
  check: () => Promise<boolean>,
): Promise<boolean> {
  const accountKey = `account:${who.email.trim().toLowerCase()}`;
  const addressKey = `address:${who.clientAddress}`;
  const addressWait = await claim(db, addressKey, address);
  if (addressWait !== null) throw tooMany(addressWait);
  const accountWait = await claim(db, accountKey, account);
  if (accountWait !== null) {
    await refund(db, addressKey);
    throw tooMany(accountWait);
  }
  let ok = false;
  try {
    ok = await check();
  } finally {
    if (ok) {
      await refund(db, addressKey);
      await db.delete(t).where(sql`${t.key} = ${accountKey}`);
    } else {
      // Forget counters nobody has touched for a day, so sprayed emails do not pile up.
      await db.delete(t).where(sql`${t.lastFailureAt} < now() - interval '1 day'`);
    }
  }
  return ok;
}

async function refund(db: Db, key: string): Promise<void> {
  await db.execute(sql`update ${t} set failures = greatest(${t.failures} - 1, 0) where ${t.key} = ${key}`);
}
