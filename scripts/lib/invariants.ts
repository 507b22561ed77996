/**
 * What must hold in the database after any mix of concurrent writers or a crash,
 * read straight from the SQLite file (read-only, never through the server):
 * - PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check finds nothing;
 * - a subscriber has at most one package, and its package offers are EXACTLY that package's
 *   offers: the same offer ids, priorities n..1 in the package's position order, none that
 *   came with another package; a subscriber without a package has no package offers;
 * - every Request is SUCCEEDED or FAILED (none IN_PROGRESS), completed, and a failure has a code.
 */
import Database from "better-sqlite3";

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

const MAX_LISTED = 50;

export function checkInvariants(dbPath: string): InvariantReport {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return inspect(db);
  } finally {
    db.close();
  }
}

function inspect(db: Database.Database): InvariantReport {
  const violations: string[] = [];
  let violationCount = 0;
  const violation = (message: string) => {
    violationCount++;
    if (violations.length < MAX_LISTED) violations.push(message);
  };

  // One read transaction: every figure comes from the same snapshot even while servers write.
  db.exec("BEGIN");
  try {
    const integrityRows = db.pragma("integrity_check") as { integrity_check: string }[];
    const integrity = integrityRows.map((r) => r.integrity_check).join("; ");
    if (integrity !== "ok") violation(`integrity_check: ${integrity}`);

    const fkRows = db.pragma("foreign_key_check") as { table: string; rowid: number; parent: string; fkid: number }[];
    for (const fk of fkRows) violation(`foreign_key_check: ${fk.table} rowid ${fk.rowid} -> ${fk.parent}`);

    const packageOffers = new Map<string, string[]>();
    for (const row of db
      .prepare("select package_id, offer_id from package_offers order by package_id, position")
      .all() as { package_id: string; offer_id: string }[]) {
      let list = packageOffers.get(row.package_id);
      if (!list) packageOffers.set(row.package_id, (list = []));
      list.push(row.offer_id);
    }

    const subscribers = db.prepare("select id, package_id from subscribers order by id").all() as {
      id: string;
      package_id: string | null;
    }[];
    const instances = new Map<string, { offer_id: string; priority: number | null; package_id: string }[]>();
    for (const row of db
      .prepare(
        "select subscriber_id, offer_id, priority, package_id from subscriber_offers where package_id is not null order by subscriber_id, priority desc, rowid",
      )
      .all() as { subscriber_id: string; offer_id: string; priority: number | null; package_id: string }[]) {
      let list = instances.get(row.subscriber_id);
      if (!list) instances.set(row.subscriber_id, (list = []));
      list.push(row);
    }
    const packageOfferInstances = (db.prepare("select count(*) n from subscriber_offers where package_id is not null").get() as { n: number }).n;
    const standaloneOfferInstances = (db.prepare("select count(*) n from subscriber_offers where package_id is null").get() as { n: number }).n;
    const orphanInstances = (
      db.prepare("select count(*) n from subscriber_offers where subscriber_id not in (select id from subscribers)").get() as { n: number }
    ).n;
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
      const same =
        own.length === n && own.every((h, i) => h.offer_id === wanted[i]!.offer_id && h.priority === wanted[i]!.priority);
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
    for (const row of db.prepare("select status, count(*) n from requests group by status").all() as { status: string; n: number }[]) {
      requestsByStatus[row.status] = row.n;
      requests += row.n;
      if (row.status !== "SUCCEEDED" && row.status !== "FAILED") violation(`${row.n} requests are ${row.status}`);
    }
    const incomplete = (db.prepare("select count(*) n from requests where completed_at is null").get() as { n: number }).n;
    if (incomplete) violation(`${incomplete} requests have no completedAt`);
    const failedWithoutCode = (
      db.prepare("select count(*) n from requests where status = 'FAILED' and code is null").get() as { n: number }
    ).n;
    if (failedWithoutCode) violation(`${failedWithoutCode} failed requests have no code`);

    return {
      ok: violationCount === 0,
      integrity,
      foreignKeyProblems: fkRows.length,
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
  } finally {
    db.exec("COMMIT");
  }
}

function describe(rows: { offer_id: string; priority: number | null; package_id: string }[]): string {
  return rows.map((r) => `${r.offer_id}@${r.priority} from ${r.package_id}`).join(", ");
}
