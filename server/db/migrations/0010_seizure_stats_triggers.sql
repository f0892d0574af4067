-- Maintained seizure statistics (docs/decisions/0010-maintained-seizure-statistics.md). seizure_stat_rows,
-- seizure_stats_apply, _compact and _rebuild are replaced by migration 0012 (day rows for commodities).
--
-- seizure_stat_rows(seizures, items) is the one definition of what a set of seizures contributes to
-- seizure_stats: per filter ('' = every seizure; a commodity code = the seizures with an item of it) and kind
-- (seizure: month/country/unit; detection method; route country pair; commodity + base unit with quantity).
-- Restricted seizures (TLP:RED, AMBER+STRICT, as aggregatedSeizuresWhere in server/policies/seizure.policy.ts)
-- keep the columns the shared-record visibility rule reads; the base unit and quantity expressions are
-- BASE_UNIT_SQL and BASE_QUANTITY_SQL of server/engine/results/taxonomy.ts (a unit test compares them).
CREATE FUNCTION seizure_stat_rows(ss seizures[], items seizure_items[])
RETURNS TABLE (filter text, kind text, month text, country text, unit_id uuid, key1 text, key2 text, restricted boolean,
               distribution text, group_id uuid, named_countries jsonb, seizures bigint, shared bigint, quantity numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT x.id, left(x.seizure_date, 7) AS month, x.country, x.unit_id, x.detection_method, x.route_origin, x.route_destination,
           x.on_shared_information::int AS shared, x.tlp IN ('RED', 'AMBER+STRICT') AS restricted,
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
    SELECT f.filter, s.id, s.month, s.country, s.unit_id, s.detection_method, s.route_origin, s.route_destination, s.shared, s.restricted,
           CASE WHEN s.restricted THEN s.unit_id END AS r_unit, CASE WHEN s.restricted THEN s.distribution END AS r_distribution,
           CASE WHEN s.restricted THEN s.group_id END AS r_group, CASE WHEN s.restricted THEN s.named_countries END AS r_named
    FROM s JOIN f ON f.seizure_id = s.id),
  r AS (
    SELECT v.filter, 'seizure' AS kind, v.month, v.country, v.unit_id, NULL::text AS key1, NULL::text AS key2, v.restricted,
           v.r_distribution, v.r_group, v.r_named, v.shared, NULL::numeric AS quantity
    FROM v
    UNION ALL
    SELECT v.filter, 'detection', v.month, v.country, v.r_unit, COALESCE(v.detection_method, 'unknown'), NULL, v.restricted,
           v.r_distribution, v.r_group, v.r_named, 0, NULL
    FROM v
    UNION ALL
    SELECT v.filter, 'route', v.month, v.country, v.r_unit, left(v.route_origin, 2), left(v.route_destination, 2), v.restricted,
           v.r_distribution, v.r_group, v.r_named, v.shared, NULL
    FROM v WHERE v.route_origin IS NOT NULL AND v.route_destination IS NOT NULL
    UNION ALL
    SELECT v.filter, 'commodity', v.month, v.country, v.r_unit, c.commodity, c.unit, v.restricted,
           v.r_distribution, v.r_group, v.r_named, 0, c.quantity
    FROM v JOIN c ON c.seizure_id = v.id AND (v.filter = '' OR c.commodity = v.filter))
  SELECT r.filter, r.kind, r.month, r.country, r.unit_id, r.key1, r.key2, r.restricted, r.r_distribution, r.r_group, r.r_named,
         count(*), sum(r.shared), sum(r.quantity)
  FROM r
  GROUP BY r.filter, r.kind, r.month, r.country, r.unit_id, r.key1, r.key2, r.restricted, r.r_distribution, r.r_group, r.r_named
$$;
--> statement-breakpoint
-- Appends (after − before) to seizure_stats, netted per key; keys that net to zero are not written.
CREATE FUNCTION seizure_stats_apply(before_s seizures[], before_i seizure_items[], after_s seizures[], after_i seizure_items[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO seizure_stats (filter, kind, month, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity)
  SELECT d.filter, d.kind, d.month, d.country, d.unit_id, d.key1, d.key2, d.restricted, d.distribution, d.group_id, d.named_countries,
         sum(d.seizures), sum(d.shared), sum(d.quantity)
  FROM (SELECT b.filter, b.kind, b.month, b.country, b.unit_id, b.key1, b.key2, b.restricted, b.distribution, b.group_id, b.named_countries,
               -b.seizures AS seizures, -b.shared AS shared, -b.quantity AS quantity
        FROM seizure_stat_rows(before_s, before_i) b
        UNION ALL
        SELECT a.* FROM seizure_stat_rows(after_s, after_i) a) d
  GROUP BY d.filter, d.kind, d.month, d.country, d.unit_id, d.key1, d.key2, d.restricted, d.distribution, d.group_id, d.named_countries
  HAVING sum(d.seizures) <> 0 OR sum(d.shared) <> 0 OR COALESCE(sum(d.quantity), 0) <> 0
$$;
--> statement-breakpoint
-- Inserted or changed seizures, with their current items (a statement on seizures does not change items).
-- Changes to columns the statistics do not read (summary, photos, updated_at…) write nothing.
CREATE FUNCTION seizure_stats_on_seizures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM seizure_stats_apply('{}', '{}', ARRAY(SELECT n::seizures FROM new_rows n),
                                ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT n.id FROM new_rows n)));
    RETURN NULL;
  END IF;
  changed := ARRAY(
    SELECT o.id FROM old_rows o WHERE NOT EXISTS (
      SELECT 1 FROM new_rows n WHERE n.id = o.id
        AND (n.seizure_date, n.country, n.unit_id, n.detection_method, n.route_origin, n.route_destination, n.on_shared_information, n.tlp, n.distribution, n.group_id, n.named_countries)
            IS NOT DISTINCT FROM (o.seizure_date, o.country, o.unit_id, o.detection_method, o.route_origin, o.route_destination, o.on_shared_information, o.tlp, o.distribution, o.group_id, o.named_countries))
    UNION
    SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id));
  IF cardinality(changed) > 0 THEN
    PERFORM seizure_stats_apply(
      ARRAY(SELECT o::seizures FROM old_rows o WHERE o.id IN (SELECT unnest(changed))),
      ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(changed))),
      ARRAY(SELECT n::seizures FROM new_rows n WHERE n.id IN (SELECT unnest(changed))),
      ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(changed))));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A deleted seizure is taken out while its items still exist (the cascade deletes them after this trigger).
CREATE FUNCTION seizure_stats_on_seizure_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM seizure_stats_apply(ARRAY[OLD], ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id = OLD.id), '{}', '{}');
  RETURN OLD;
END $$;
--> statement-breakpoint
-- Items: each seizure whose items changed contributes (after − before), before = now − new rows + old rows.
-- The seizure rows are locked first (FOR NO KEY UPDATE, which a seizure UPDATE also takes), so two transactions
-- changing one seizure or its items take turns, and the later one counts from what the earlier one committed.
-- Items whose seizure is gone (cascade of a seizure DELETE) were already taken out with it.
CREATE FUNCTION seizure_stats_on_items() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  cur seizures[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT DISTINCT n.seizure_id FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT DISTINCT o.seizure_id FROM old_rows o);
  ELSE
    ids := ARRAY(SELECT n.seizure_id FROM new_rows n UNION SELECT o.seizure_id FROM old_rows o);
  END IF;
  PERFORM 1 FROM seizures s WHERE s.id IN (SELECT unnest(ids)) ORDER BY s.id FOR NO KEY UPDATE;
  cur := ARRAY(SELECT s FROM seizures s WHERE s.id IN (SELECT unnest(ids)));
  IF cardinality(cur) = 0 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM seizure_stats_apply(cur,
      ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = i.id)),
      cur, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids))));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM seizure_stats_apply(cur,
      ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids)) UNION ALL SELECT o::seizure_items FROM old_rows o),
      cur, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids))));
  ELSE
    PERFORM seizure_stats_apply(cur,
      ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = i.id)
            UNION ALL SELECT o::seizure_items FROM old_rows o),
      cur, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT unnest(ids))));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Merges the delta rows the triggers append into one row per key (the statistics.compact job). Only the
-- (filter, kind, month, country) slices that have unmerged rows are rewritten.
CREATE FUNCTION seizure_stats_compact() RETURNS integer LANGUAGE plpgsql SET work_mem = '64MB' AS $$
DECLARE
  n integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72013);
  WITH touched AS (SELECT DISTINCT t.filter, t.kind, t.month, t.country FROM seizure_stats t WHERE NOT t.merged),
  gone AS (
    DELETE FROM seizure_stats a USING touched t
    WHERE a.filter = t.filter AND a.kind = t.kind AND a.month = t.month AND a.country = t.country
    RETURNING a.*)
  INSERT INTO seizure_stats (filter, kind, month, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity, merged)
  SELECT g.filter, g.kind, g.month, g.country, g.unit_id, g.key1, g.key2, g.restricted, g.distribution, g.group_id, g.named_countries,
         sum(g.seizures), sum(g.shared), sum(g.quantity), true
  FROM gone g
  GROUP BY g.filter, g.kind, g.month, g.country, g.unit_id, g.key1, g.key2, g.restricted, g.distribution, g.group_id, g.named_countries
  HAVING sum(g.seizures) <> 0 OR sum(g.shared) <> 0 OR COALESCE(sum(g.quantity), 0) <> 0;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
--> statement-breakpoint
-- Recomputes everything from the records, one month at a time (month is part of every key, so each month's
-- rows are final): used below, after a TRUNCATE, after a bulk load with the triggers off, and to repair
-- (`SELECT seizure_stats_rebuild()`). Dates not shaped YYYY-MM-DD (never written by the application) are
-- added last and merged.
CREATE FUNCTION seizure_stats_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '64MB' AS $$
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
    INSERT INTO seizure_stats (filter, kind, month, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries, seizures, shared, quantity, merged)
    SELECT r.*, true FROM seizure_stat_rows(batch, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT b.id FROM unnest(batch) b))) r;
  END LOOP;
  batch := ARRAY(SELECT s FROM seizures s WHERE s.seizure_date !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
  IF cardinality(batch) > 0 THEN
    PERFORM seizure_stats_apply('{}', '{}', batch, ARRAY(SELECT i FROM seizure_items i WHERE i.seizure_id IN (SELECT b.id FROM unnest(batch) b)));
    PERFORM seizure_stats_compact();
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION seizure_stats_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM seizure_stats_rebuild();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER seizure_stats_insert AFTER INSERT ON seizures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_seizures();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_update AFTER UPDATE ON seizures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_seizures();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_delete BEFORE DELETE ON seizures FOR EACH ROW EXECUTE FUNCTION seizure_stats_on_seizure_delete();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_truncate AFTER TRUNCATE ON seizures FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_truncate();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_items_insert AFTER INSERT ON seizure_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_items();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_items_update AFTER UPDATE ON seizure_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_items();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_items_delete AFTER DELETE ON seizure_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_items();
--> statement-breakpoint
CREATE TRIGGER seizure_stats_items_truncate AFTER TRUNCATE ON seizure_items FOR EACH STATEMENT EXECUTE FUNCTION seizure_stats_on_truncate();
