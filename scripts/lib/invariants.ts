/**
 * What must hold in the database after any mix of concurrent writers or a crash, read straight
 * from the database (read-only, never through the server), on either engine: a SQLite file by
 * its path, or PostgreSQL by a postgres:// URL.
 * - the engine's own check passes (SQLite: PRAGMA integrity_check; PostgreSQL: amcheck's
 *   bt_index_check of every index, each index's entries against its table) and no row breaks a
 *   foreign key;
 * - a subscriber has at most one package, and its package offers are EXACTLY that package's
 *   offers: the same offer ids, priorities n..1 in the package's position order, none that
 *   came with another package; a subscriber without a package has no package offers;
 * - every Request is SUCCEEDED or FAILED (none IN_PROGRESS), completed, and a failure has a code.
 */
import Database from "better-sqlite3";
import { Client } from "pg";

export interface InvariantReport {
  ok: boolean;
  integrity: string;
  foreignKeyProblems: number;
  counts: {
    subscribers: number;
    withPackage: number;
    withoutPackage: number;
    /** Subscribers per attached package id ("none" for none). */
    byPackage: Record<string, number>;
    packageOfferInstances: number;
    standaloneOfferInstances: number;
    requests: number;
    requestsByStatus: Record<string, number>;
  };
  /** Total number of violations found (the list below is capped). */
  violationCount: number;
  violations: string[];
}

/**
 * A database read in one snapshot: the same SQL text on both engines (plain SQL both accept),
 * numbers returned as numbers. What only one engine can say comes through the two checks.
 */
export interface DatabaseReader {
  engine: "sqlite" | "postgres";
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The engine's own consistency check: "ok", or what it found. */
  integrity(): Promise<string>;
  /** Each row that breaks a foreign key, described. */
  foreignKeyProblems(): Promise<string[]>;
  /** Ends the snapshot and the connection. */
  close(): Promise<void>;
}

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** Opens a read-only snapshot of the database at `location` (a SQLite path or a postgres:// URL). */
export function openDatabaseReader(location: string): Promise<DatabaseReader> {
  return isPostgresUrl(location) ? openPostgresReader(location) : Promise.resolve(openSqliteReader(location));
}

function openSqliteReader(path: string): DatabaseReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // One read transaction: every figure comes from the same snapshot even while servers write.
  db.exec("BEGIN");
  return {
    engine: "sqlite",
    all: async <T>(text: string, params: readonly unknown[] = []) => db.prepare(text).all(...params) as T[],
    async integrity() {
      const rows = db.pragma("integrity_check") as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join("; ");
    },
    async foreignKeyProblems() {
      const rows = db.pragma("foreign_key_check") as { table: string; rowid: number; parent: string; fkid: number }[];
      return rows.map((fk) => `${fk.table} rowid ${fk.rowid} -> ${fk.parent}`);
    },
    async close() {
      try {
        if (db.inTransaction) db.exec("COMMIT");
      } finally {
        db.close();
      }
    },
  };
}

async function openPostgresReader(url: string): Promise<DatabaseReader> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    // amcheck ships with PostgreSQL (contrib); creating it is the one write, before the snapshot.
    let amcheck = true;
    try {
      await client.query("CREATE EXTENSION IF NOT EXISTS amcheck");
    } catch {
      amcheck = false;
    }
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return {
      engine: "postgres",
      all: async <T>(text: string, params: readonly unknown[] = []) => {
        // SQLite's "?" placeholders become $1, $2, … (no query here holds a literal "?").
        let n = 0;
        const result = await client.query(text.replace(/\?/g, () => `$${++n}`), [...params]);
        return result.rows as T[];
      },
      async integrity() {
        if (!amcheck) return "not checked (amcheck unavailable)";
        const { rows } = await client.query<{ index: string }>(
          `select c.relname as index from pg_index i join pg_class c on c.oid = i.indexrelid
             join pg_namespace n on n.oid = c.relnamespace join pg_am am on am.oid = c.relam
            where n.nspname = 'public' and am.amname = 'btree' and c.relpersistence = 'p' order by c.relname`,
        );
        const problems: string[] = [];
        for (const { index } of rows) {
          await client.query("SAVEPOINT checked");
          try {
            await client.query("select bt_index_check($1::regclass, true)", [`public."${index}"`]);
            await client.query("RELEASE SAVEPOINT checked");
          } catch (error) {
            await client.query("ROLLBACK TO SAVEPOINT checked");
            problems.push(`${index}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return problems.length ? problems.join("; ") : "ok";
      },
      async foreignKeyProblems() {
        // Every foreign key of the schema, checked as an anti-join (PostgreSQL enforces them;
        // this is the same question PRAGMA foreign_key_check answers on SQLite).
        const { rows } = await client.query<{ name: string; child: string; parent: string; childColumns: string[]; parentColumns: string[] }>(
          `select con.conname as name, child.relname as child, parent.relname as parent,
                  array(select a.attname::text from unnest(con.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as "childColumns",
                  array(select a.attname::text from unnest(con.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o) as "parentColumns"
             from pg_constraint con join pg_class child on child.oid = con.conrelid join pg_class parent on parent.oid = con.confrelid
             join pg_namespace n on n.oid = child.relnamespace
            where con.contype = 'f' and n.nspname = 'public' order by con.conname`,
        );
        const problems: string[] = [];
        for (const fk of rows) {
          const q = (name: string) => `"${name}"`;
          const present = fk.childColumns.map((c) => `c.${q(c)} is not null`).join(" and ");
          const match = fk.childColumns.map((c, i) => `p.${q(fk.parentColumns[i]!)} = c.${q(c)}`).join(" and ");
          const { rows: broken } = await client.query<{ n: number }>(
            `select cast(count(*) as integer) as n from ${q(fk.child)} c where ${present} and not exists (select 1 from ${q(fk.parent)} p where ${match})`,
          );
          if (broken[0]!.n) problems.push(`${fk.child} ${broken[0]!.n} rows -> ${fk.parent} (${fk.name})`);
        }
        return problems;
      },
      async close() {
        try {
          await client.query("COMMIT");
        } finally {
          await client.end();
        }
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

const MAX_LISTED = 50;

/** Checks the invariants of the database at `location` (a SQLite path or a postgres:// URL). */
export async function checkInvariants(location: string): Promise<InvariantReport> {
  const reader = await openDatabaseReader(location);
  try {
    return await inspect(reader);
  } finally {
    await reader.close();
  }
}

async function inspect(db: DatabaseReader): Promise<InvariantReport> {
  const violations: string[] = [];
  let violationCount = 0;
  const violation = (message: string) => {
    violationCount++;
    if (violations.length < MAX_LISTED) violations.push(message);
  };
  const count = async (text: string) => (await db.all<{ n: number }>(text))[0]!.n;

  const integrity = await db.integrity();
  if (integrity !== "ok") violation(`integrity_check: ${integrity}`);

  const fkProblems = await db.foreignKeyProblems();
  for (const fk of fkProblems) violation(`foreign_key_check: ${fk}`);

  const packageOffers = new Map<string, string[]>();
  for (const row of await db.all<{ package_id: string; offer_id: string }>(
    "select package_id, offer_id from package_offers order by package_id, position",
  )) {
    let list = packageOffers.get(row.package_id);
    if (!list) packageOffers.set(row.package_id, (list = []));
    list.push(row.offer_id);
  }

  const subscribers = await db.all<{ id: string; package_id: string | null }>("select id, package_id from subscribers order by id");
  const instances = new Map<string, { offer_id: string; priority: number | null; package_id: string }[]>();
  // Equal priorities (a damaged subscriber) listed as inserted on SQLite, by id on PostgreSQL.
  const tieBreak = db.engine === "sqlite" ? "rowid" : "id";
  for (const row of await db.all<{ subscriber_id: string; offer_id: string; priority: number | null; package_id: string }>(
    `select subscriber_id, offer_id, priority, package_id from subscriber_offers where package_id is not null order by subscriber_id, priority desc, ${tieBreak}`,
  )) {
    let list = instances.get(row.subscriber_id);
    if (!list) instances.set(row.subscriber_id, (list = []));
    list.push(row);
  }
  const packageOfferInstances = await count("select cast(count(*) as integer) as n from subscriber_offers where package_id is not null");
  const standaloneOfferInstances = await count("select cast(count(*) as integer) as n from subscriber_offers where package_id is null");
  const orphanInstances = await count(
    "select cast(count(*) as integer) as n from subscriber_offers where subscriber_id not in (select id from subscribers)",
  );
  if (orphanInstances) violation(`${orphanInstances} subscriber offers belong to no subscriber`);

  const byPackage: Record<string, number> = {};
  let withPackage = 0;
  for (const subscriber of subscribers) {
    const attached = subscriber.package_id;
    byPackage[attached ?? "none"] = (byPackage[attached ?? "none"] ?? 0) + 1;
    const held = instances.get(subscriber.id) ?? [];
    if (attached === null) {
      if (held.length) {
        violation(`subscriber ${subscriber.id} has no package but ${held.length} package offers (${describe(held)})`);
      }
      continue;
    }
    withPackage++;
    const expected = packageOffers.get(attached);
    if (!expected) {
      violation(`subscriber ${subscriber.id} has package ${attached}, which has no offers or does not exist`);
      continue;
    }
    const foreign = held.filter((h) => h.package_id !== attached);
    if (foreign.length) {
      violation(`subscriber ${subscriber.id} (package ${attached}) holds offers of other packages: ${describe(foreign)}`);
    }
    const own = held.filter((h) => h.package_id === attached);
    const n = expected.length;
    const wanted = expected.map((offerId, position) => ({ offer_id: offerId, priority: n - position }));
    const same = own.length === n && own.every((h, i) => h.offer_id === wanted[i]!.offer_id && h.priority === wanted[i]!.priority);
    if (!same) {
      violation(
        `subscriber ${subscriber.id} (package ${attached}) has package offers [${describe(own)}], expected [${wanted
          .map((w) => `${w.offer_id}@${w.priority}`)
          .join(", ")}]`,
      );
    }
  }
  const subscriberIds = new Set(subscribers.map((s) => s.id));
  for (const id of instances.keys()) if (!subscriberIds.has(id)) violation(`package offers for a missing subscriber ${id}`);

  const requestsByStatus: Record<string, number> = {};
  let requests = 0;
  for (const row of await db.all<{ status: string; n: number }>(
    "select status, cast(count(*) as integer) as n from requests group by status order by status",
  )) {
    requestsByStatus[row.status] = row.n;
    requests += row.n;
    if (row.status !== "SUCCEEDED" && row.status !== "FAILED") violation(`${row.n} requests are ${row.status}`);
  }
  const incomplete = await count("select cast(count(*) as integer) as n from requests where completed_at is null");
  if (incomplete) violation(`${incomplete} requests have no completedAt`);
  const failedWithoutCode = await count("select cast(count(*) as integer) as n from requests where status = 'FAILED' and code is null");
  if (failedWithoutCode) violation(`${failedWithoutCode} failed requests have no code`);

  return {
    ok: violationCount === 0,
    integrity,
    foreignKeyProblems: fkProblems.length,
    counts: {
      subscribers: subscribers.length,
      withPackage,
      withoutPackage: subscribers.length - withPackage,
      byPackage,
      packageOfferInstances,
      standaloneOfferInstances,
      requests,
      requestsByStatus,
    },
    violationCount,
    violations,
  };
}

function describe(rows: { offer_id: string; priority: number | null; package_id: string }[]): string {
  return rows.map((r) => `${r.offer_id}@${r.priority} from ${r.package_id}`).join(", ");
}
