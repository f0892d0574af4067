DROP INDEX "seizure_stats_filter_month_idx";--> statement-breakpoint
ALTER TABLE "seizure_stats" ADD COLUMN "day" text;--> statement-breakpoint
CREATE INDEX "seizure_stats_filter_month_idx" ON "seizure_stats" USING btree ("filter","month","day");--> statement-breakpoint
-- Day rows for commodities (docs/decisions/0010-maintained-seizure-statistics.md): a period's edge days read
-- commodity figures from here instead of the items of each seizure of those days; seizures, detection methods
-- and routes of edge days still come from the seizure rows alone. Replaces the functions of migration 0010.
DROP FUNCTION seizure_stat_rows(seizures[], seizure_items[]);
--> statement-breakpoint
-- seizure_stat_rows(seizures, items) is the one definition of what a set of seizures contributes to
-- seizure_stats: per filter ('' = every seizure; a commodity code = the seizures with an item of it) and kind
-- (seizure: month/country/unit; detection method; route country pair; commodity + base unit with quantity,
-- by month and by day). Restricted seizures (TLP:RED, AMBER+STRICT, as aggregatedSeizuresWhere in
-- server/policies/seizure.policy.ts) keep the columns the shared-record visibility rule reads; the base unit
-- and quantity expressions are BASE_UNIT_SQL and BASE_QUANTITY_SQL of server/engine/results/taxonomy.ts (a
-- unit test compares them).
CREATE FUNCTION seizure_stat_rows(ss seizures[], items seizure_items[])
RETURNS TABLE (filter text, kind text, month text, day text, country text, unit_id uuid, key1 text, key2 text, restricted boolean,
               distribution text, group_id uuid, named_countries jsonb, seizures bigint, shared bigint, quantity numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT x.id, x.seizure_date AS day, left(x.seizure_date, 7) AS month, x.country, x.unit_id, x.detection_method, x.route_origin,
           x.route_destination, x.on_shared_information::int AS shared, x.tlp IN ('RED', 'AMBER+STRICT') AS restricted,
           x.distribution, x.group_id, x.named_countries
    FROM unnest(ss) x),
  c AS (
    SELECT i.seizure_id, i.commodity, CASE i.unit WHEN 'g' THEN 'kg' WHEN 't' THEN 'kg' WHEN 'sticks' THEN 'pieces' ELSE i.unit END AS unit,
           sum((CASE i.unit WHEN 'g' THEN i.quantity / 1000 WHEN 't' THEN i.quantity * 1000 ELSE i.quantity END)::numeric) AS quantity
    FROM unnest(items) i GROUP BY 1, 2, 3),
  f AS (
    SELECT s.id AS seizure_id, '' AS filter FROM s
    UNION
    SELECT c.seizure_id, c.commodity FROM c),
  v AS (
    SELECT f.filter, s.id, s.day, s.month, s.country, s.unit_id, s.detection_method, s.route_origin, s.route_destination, s.shared, s.restricted,
           CASE WHEN s.restricted THEN s.unit_id END AS r_unit, CASE WHEN s.restricted THEN s.distribution END AS r_distribution,
           CASE WHEN s.restricted THEN s.group_id END AS r_group, CASE WHEN s.restricted THEN s.named_countries END AS r_named
    FROM s JOIN f ON f.seizure_id = s.id),
  r AS (
    SELECT v.filter, 'seizure' AS kind, v.month, NULL::text AS day, v.country, v.unit_id, NULL::text AS key1, NULL::text AS key2, v.restricted,
           v.r_distribution, v.r_group, v.r_named, v.shared, NULL::numeric AS quantity
    FROM v
    UNION ALL
    SELECT v.filter, 'detection', v.month, NULL, v.country, v.r_unit, COALESCE(v.detection_method, 'unknown'), NULL, v.restricted,
           v.r_distribution, v.r_group, v.r_named, 0, NULL
    FROM v
    UNION ALL
    SELECT v.filter, 'route', v.month, NULL, v.country, v.r_unit, left(v.route_origin, 2), left(v.route_destination, 2), v.restricted,
           v.r_distribution, v.r_group, v.r_named, v.shared, NULL
    FROM v WHERE v.route_origin IS NOT NULL AND v.route_destination IS NOT NULL
    UNION ALL
    SELECT v.filter, 'commodity', v.month, g.day, v.country, v.r_unit, c.commodity, c.unit, v.restricted,
           v.r_distribution, v.r_group, v.r_named, 0, c.quantity
    FROM v JOIN c ON c.seizure_id = v.id AND (v.filter = '' OR c.commodity = v.filter)
    CROSS JOIN LATERAL (VALUES (NULL::text), (v.day)) g(day))
  SELECT r.filter, r.kind, r.month, r.day, r.country, r.unit_id, r.key1, r.key2, r.restricted, r.r_distribution, r.r_group, r.r_named,
         count(*), sum(r.shared), sum(r.quantity)
  FROM r
  GROUP BY r.filter, r.kind, r.month, r.day, r.country, r.unit_id, r.key1, r.key2, r.restricted, r.r_distribution, r.r_group, r.r_named
$$;
--> statement-breakpoint
-- Appends (after − before) to seizure_stats, netted per key; keys that net to zero are not written.
CREATE OR REPLACE FUNCTION seizure_stats_apply(before_s seizures[], before_i seizure_items[], after_s seizures[], after_i seizure_items[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO seizure_stats (filter, kind, month, day, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity)
  SELECT d.filter, d.kind, d.month, d.day, d.country, d.unit_id, d.key1, d.key2, d.restricted, d.distribution, d.group_id, d.named_countries,
         sum(d.seizures), sum(d.shared), sum(d.quantity)
  FROM (SELECT b.filter, b.kind, b.month, b.day, b.country, b.unit_id, b.key1, b.key2, b.restricted, b.distribution, b.group_id, b.named_countries,
               -b.seizures AS seizures, -b.shared AS shared, -b.quantity AS quantity
        FROM seizure_stat_rows(before_s, before_i) b
        UNION ALL
        SELECT a.* FROM seizure_stat_rows(after_s, after_i) a) d
  GROUP BY d.filter, d.kind, d.month, d.day, d.country, d.unit_id, d.key1, d.key2, d.restricted, d.distribution, d.group_id, d.named_countries
  HAVING sum(d.seizures) <> 0 OR sum(d.shared) <> 0 OR COALESCE(sum(d.quantity), 0) <> 0
$$;
--> statement-breakpoint
-- Merges the delta rows the triggers append into one row per key (the statistics.compact job). Only the
-- (filter, kind, month, country) slices that have unmerged rows are rewritten.
CREATE OR REPLACE FUNCTION seizure_stats_compact() RETURNS integer LANGUAGE plpgsql SET work_mem = '64MB' AS $$
DECLARE
  n integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72013);
  WITH touched AS (SELECT DISTINCT t.filter, t.kind, t.month, t.country FROM seizure_stats t WHERE NOT t.merged),
  gone AS (
    DELETE FROM seizure_stats a USING touched t
    WHERE a.filter = t.filter AND a.kind = t.kind AND a.month = t.month AND a.country = t.country
    RETURNING a.*)
  INSERT INTO seizure_stats (filter, kind, month, day, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity, merged)
  SELECT g.filter, g.kind, g.month, g.day, g.country, g.unit_id, g.key1, g.key2, g.restricted, g.distribution, g.group_id, g.named_countries,
         sum(g.seizures), sum(g.shared), sum(g.quantity), true
  FROM gone g
  GROUP BY g.filter, g.kind, g.month, g.day, g.country, g.unit_id, g.key1, g.key2, g.restricted, g.distribution, g.group_id, g.named_countries
  HAVING sum(g.seizures) <> 0 OR sum(g.shared) <> 0 OR COALESCE(sum(g.quantity), 0) <> 0;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
--> statement-breakpoint
-- Recomputes everything from the records, one month at a time (month is part of every key, so each month's
-- rows are final): used below, after a TRUNCATE, after a bulk load with the triggers off, and to repair
-- (`SELECT seizure_stats_rebuild()`). Dates not shaped YYYY-MM-DD (never written by the application) are
-- added last and merged.
CREATE OR REPLACE FUNCTION seizure_stats_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '64MB' AS $$
DECLARE
  m text;
  batch seizures[];
BEGIN
  LOCK TABLE seizures, seizure_items IN SHARE MODE;
  DELETE FROM seizure_stats;
  FOR m IN SELECT DISTINCT left(s.seizure_date, 7) FROM seizures s LOOP
    batch := ARRAY(SELECT s FROM seizures s
                   WHERE s.seizure_date >= m || '-00' AND s.seizure_date <= m || '-99' AND left(s.seizure_date, 7) = m
                     AND s.seizure_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
    INSERT INTO seizure_stats (filter, kind, month, day, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity, merged)
    SELECT r.*, true FROM seizure_stat_rows(batch, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT b.id FROM unnest(batch) b))) r;
  END LOOP;
  batch := ARRAY(SELECT s FROM seizures s WHERE s.seizure_date !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
  IF cardinality(batch) > 0 THEN
    PERFORM seizure_stats_apply('{}', '{}', batch, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT b.id FROM unnest(batch) b)));
    PERFORM seizure_stats_compact();
  END IF;
END $$;
--> statement-breakpoint
SELECT seizure_stats_rebuild();
